import { ITopicConfig } from 'kafkajs';

/** The ledger's topics under one prefix. */
export interface LedgerTopics {
  /** Every ledger event, personal data removed; key = stream id. */
  events: string;
  /** Township progress documents, compacted; key = `${planId}/${townshipId}` (or the plan). */
  townshipProgress: string;
  /** Coinsurance per plan and per insurer, compacted; key = planId or `${planId}/${insurerId}`. */
  coinsurance: string;
  /** Every seal of the log (signed tree heads for auditors), kept; key = "ledger". */
  seals: string;
}

export function ledgerTopics(prefix: string): LedgerTopics {
  return {
    events: `${prefix}events`,
    townshipProgress: `${prefix}township-progress`,
    coinsurance: `${prefix}coinsurance`,
    seals: `${prefix}seals`,
  };
}

export interface TopicLayout {
  partitions: number;
  replicationFactor: number;
}

/**
 * How the topics are created. The events topic keeps everything (retention -1): it is the
 * coalition's only feed, and a new member must be able to read it from the beginning. The view
 * topics are compacted: the last document per key is the view.
 */
export function ledgerTopicSpecs(topics: LedgerTopics, layout: TopicLayout): ITopicConfig[] {
  // With three or more replicas an acknowledged write survives the loss of one broker.
  const minInsync = String(Math.min(2, Math.max(1, layout.replicationFactor - 1)));
  const common = {
    numPartitions: layout.partitions,
    replicationFactor: layout.replicationFactor,
  };
  // The events and seals topics keep everything: an auditor compares every seal ever published.
  const kept = (topic: string): ITopicConfig => ({
    topic,
    ...common,
    configEntries: [
      { name: 'cleanup.policy', value: 'delete' },
      { name: 'retention.ms', value: '-1' },
      { name: 'min.insync.replicas', value: minInsync },
    ],
  });
  return [
    kept(topics.events),
    kept(topics.seals),
    ...[topics.townshipProgress, topics.coinsurance].map((topic) => ({
      topic,
      ...common,
      configEntries: [
        { name: 'cleanup.policy', value: 'compact' },
        { name: 'min.insync.replicas', value: minInsync },
      ],
    })),
  ];
}

/** The topics that must be compacted, for the check on existing topics. */
export function compactedTopics(topics: LedgerTopics): string[] {
  return [topics.townshipProgress, topics.coinsurance];
}
