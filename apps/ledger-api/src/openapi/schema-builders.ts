import {
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** Small builders for the response schemas (response-schemas.ts and its feature files). */

export type Schema = SchemaObject | ReferenceObject;
export type Props = Record<string, Schema>;

export const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
export const str = (description?: string, extra: SchemaObject = {}): SchemaObject => ({
  type: 'string',
  ...(description ? { description } : {}),
  ...extra,
});
export const int = (description?: string, extra: SchemaObject = {}): SchemaObject => ({
  type: 'integer',
  ...(description ? { description } : {}),
  ...extra,
});
export const fen = (description: string): SchemaObject => int(`${description} (integer fen)`);
export const bool = (description?: string): SchemaObject => ({
  type: 'boolean',
  ...(description ? { description } : {}),
});
export const arr = (items: Schema, description?: string): SchemaObject => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
export const map = (values: Schema, description: string): SchemaObject => ({
  type: 'object',
  additionalProperties: values,
  description,
});
/** An object; every listed member is required unless named in `optional`. */
export function obj(
  properties: Props,
  optional: string[] = [],
  description?: string,
): SchemaObject {
  const required = Object.keys(properties).filter((k) => !optional.includes(k));
  return {
    type: 'object',
    // OpenAPI 3.0 wants a non-empty list or none.
    ...(required.length > 0 ? { required } : {}),
    properties,
    ...(description ? { description } : {}),
  };
}
export const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });

export const date = str('Date, Asia/Shanghai', { format: 'date', example: '2024-01-31' });
export const instant = str('ISO-8601 instant (UTC)', { format: 'date-time' });
export const position = str('Global log position ("commit" or "commit/prepare")', {
  example: '1234',
});
export const personRef = str('Keyed hash standing for a person; never the ID number', {
  example: '7a8815baa2131bf5c639cd23ebca6cc3',
});
export const replayed = bool('true: the command had already been applied; nothing new was written');
