import { ImportJobView } from '@ledger/ledger';

/** A job as answered over HTTP: where to follow it and where its results file will be. */
export function jobAnswer(job: ImportJobView, created?: boolean) {
  const self = `/import-jobs/${job.jobId}`;
  return {
    ...job,
    ...(created === undefined ? {} : { created }),
    links: {
      self,
      resultsCsv: `${self}/results?format=csv`,
      resultsXlsx: `${self}/results?format=xlsx`,
    },
  };
}
