import { Admin, ConfigResourceTypes } from 'kafkajs';
import { compactedTopics, LedgerTopics, ledgerTopicSpecs, TopicLayout } from './topics';

/**
 * Creates the ledger's topics when missing and checks that existing view topics are compacted:
 * a view topic created by auto-creation (cleanup.policy=delete) would lose the views once
 * retention runs, so that is refused rather than tolerated.
 */
export async function ensureLedgerTopics(
  admin: Admin,
  topics: LedgerTopics,
  layout: TopicLayout,
): Promise<void> {
  const specs = ledgerTopicSpecs(topics, layout);
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.topic));
  if (missing.length > 0) {
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  }
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: compactedTopics(topics).map((name) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configNames: ['cleanup.policy'],
    })),
  });
  for (const resource of described.resources) {
    const policy = resource.configEntries.find((e) => e.configName === 'cleanup.policy');
    if (!policy?.configValue.split(',').includes('compact')) {
      throw new Error(
        `topic ${resource.resourceName} has cleanup.policy=${policy?.configValue ?? '?'}; ` +
          'view topics must be compacted (delete the topic or alter its config)',
      );
    }
  }
}
