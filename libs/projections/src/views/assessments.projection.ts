import { InspectionItem } from '@ledger/domain';
import { DocumentReader, ProjectedEvent, Projection } from '../projection';

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
  apply(event: ProjectedEvent, read: DocumentReader<AssessmentDoc>) {
    const d = event.data as ProjectedEvent['data'] & { townshipId: string };
    const key = `${d.planId}/${d.townshipId}`;
    const doc = read(key) ?? { planId: d.planId, townshipId: d.townshipId, inspections: {} };
    if (event.type === 'InspectionScored') {
      return [
        [
          key,
          {
            ...doc,
            inspections: { ...doc.inspections, [d.item as InspectionItem]: d.points as number },
          },
        ],
      ];
    }
    if (event.type === 'StaffRelativesCoverageRecorded') {
      return [
        [
          key,
          {
            ...doc,
            staffRelatives: { relatives: d.relatives as number, enrolled: d.enrolled as number },
          },
        ],
      ];
    }
    return [];
  },
};
