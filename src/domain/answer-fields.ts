/**
 * @module How the answers' schema files name a field of an answer object (the change feed's,
 * availability's): JSON and XML name, help-page type, sv/en text and JSON Schema; and the
 * object schema OpenAPI gets from such a list.
 */
import { Type, type TSchema } from '@sinclair/typebox'

export interface AnswerFieldSpec {
  /** camelCase JSON name. */
  readonly name: string
  /** PascalCase XML element name (DataContract). */
  readonly xmlName: string
  /** Type as the help page names it. */
  readonly typeName: string
  /** Absent in some items (JSON: no property; XML: no element). */
  readonly optional: boolean
  readonly sv: string
  readonly en: string
  readonly schema: TSchema
}

export function answerObjectSchema(fields: readonly AnswerFieldSpec[], $id: string): TSchema {
  return Type.Object(Object.fromEntries(fields.map((field) => {
    const schema = { ...field.schema, description: `${field.sv} / ${field.en}` }
    return [field.name, field.optional ? Type.Optional(schema) : schema]
  })), { $id, additionalProperties: false })
}
