export * from './kurrentdb-event-store';
export * from './kurrentdb-filter';
export {
  CONNECTION_STRING_FORM,
  connectionStringProblem,
  redactConnectionString,
} from './kurrentdb-connection-string';
