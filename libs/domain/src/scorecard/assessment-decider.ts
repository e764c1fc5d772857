import { conflict, Decision, decide, invalid, notFound } from '../common/domain-error';
import { Instant, toIso } from '../common/time';
import { PlanState } from '../plan/plan-state';
import { INSPECTION_RANGES, InspectionItem } from './township-scorecard';

/** Events of stream assessment-{planId}: what inspectors enter for the scorecard. */
export type AssessmentEvent =
  | {
      type: 'InspectionScored';
      data: {
        planId: string;
        townshipId: string;
        item: InspectionItem;
        points: number;
        note: string;
        occurredAt: string;
      };
    }
  | {
      type: 'StaffRelativesCoverageRecorded';
      data: {
        planId: string;
        townshipId: string;
        relatives: number;
        enrolled: number;
        occurredAt: string;
      };
    };

export type RecordAssessment =
  | {
      kind: 'inspection';
      planId: string;
      townshipId: string;
      item: InspectionItem;
      points: number;
      note: string;
      occurredAt: Instant;
    }
  | {
      kind: 'staff_relatives';
      planId: string;
      townshipId: string;
      relatives: number;
      enrolled: number;
      occurredAt: Instant;
    };

/** Inspector entries are accepted only for a plan with the scorecard on, per known township. */
export function decideRecordAssessment(
  plan: PlanState | undefined,
  cmd: RecordAssessment,
): Decision<AssessmentEvent> {
  return decide<AssessmentEvent>(() => {
    if (!plan) throw notFound('planId', 'plan.exists', `plan ${cmd.planId} does not exist`);
    if (!plan.definition.scorecard?.enabled) {
      throw conflict(
        'planId',
        'scorecard.enabled',
        `plan ${cmd.planId} has no scorecard (off unless a plan turns it on)`,
      );
    }
    if (!plan.definition.townships.some((t) => t.townshipId === cmd.townshipId)) {
      throw invalid(
        'townshipId',
        'scorecard.knownTownship',
        `township ${cmd.townshipId} is not in plan ${cmd.planId}`,
      );
    }
    const at = toIso(cmd.occurredAt);
    if (cmd.kind === 'inspection') {
      const range = INSPECTION_RANGES[cmd.item];
      if (!range)
        throw invalid(
          'item',
          'scorecard.item',
          `item must be one of ${Object.keys(INSPECTION_RANGES).join(', ')}`,
        );
      if (!Number.isInteger(cmd.points) || cmd.points < range.min || cmd.points > range.max) {
        throw invalid(
          'points',
          'scorecard.pointsRange',
          `${cmd.item} takes whole points from ${range.min} to ${range.max}`,
        );
      }
      return [
        {
          type: 'InspectionScored',
          data: {
            planId: cmd.planId,
            townshipId: cmd.townshipId,
            item: cmd.item,
            points: cmd.points,
            note: cmd.note,
            occurredAt: at,
          },
        },
      ];
    }
    if (
      !Number.isInteger(cmd.relatives) ||
      cmd.relatives < 0 ||
      !Number.isInteger(cmd.enrolled) ||
      cmd.enrolled < 0 ||
      cmd.enrolled > cmd.relatives
    ) {
      throw invalid(
        'enrolled',
        'scorecard.staffRelativesCounts',
        'relatives and enrolled are whole numbers with enrolled ≤ relatives',
      );
    }
    return [
      {
        type: 'StaffRelativesCoverageRecorded',
        data: {
          planId: cmd.planId,
          townshipId: cmd.townshipId,
          relatives: cmd.relatives,
          enrolled: cmd.enrolled,
          occurredAt: at,
        },
      },
    ];
  });
}
