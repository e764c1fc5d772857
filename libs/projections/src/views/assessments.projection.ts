import { InspectionItem } from '@ledger/domain';
import { DocumentDrafts, ProjectedEvent, Projection } from '../projection';

/** The latest inspector entries per township (stream assessment-{planId}). */
export interface AssessmentDoc {
  planId: string;
  townshipId: string;
  inspections: Partial<Record<InspectionItem, number>>;
  staffRelatives?: { relatives: number; enrolled: number };
}

export const assessmentsProjection: Projection<AssessmentDoc> = {
  name: 'assessments',
  version: 1,
  streamPrefixes: ['assessment-'],
  apply(event: ProjectedEvent, docs: DocumentDrafts<AssessmentDoc>) {
    const d = event.data as ProjectedEvent['data'] & { townshipId: string };
    if (event.type !== 'InspectionScored' && event.type !== 'StaffRelativesCoverageRecorded') {
      return;
    }
    const doc = docs.edit(`${d.planId}/${d.townshipId}`, () => ({
      planId: d.planId,
      townshipId: d.townshipId,
      inspections: {},
    }));
    if (event.type === 'InspectionScored') {
      doc.inspections[d.item as InspectionItem] = d.points as number;
    } else {
      doc.staffRelatives = { relatives: d.relatives as number, enrolled: d.enrolled as number };
    }
  },
};
