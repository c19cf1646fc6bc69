/**
 * The configuration reference, derived from the schema (via its JSON Schema):
 * one row per field with its type, default and description. The guide's
 * reference page renders these rows; nobody writes them by hand.
 */
import { z } from 'zod';
import { deploymentConfigSchema } from './schema.js';

export interface ReferenceRow {
  field: string;
  type: string;
  required: boolean;
  default?: string;
  description: string;
  /** Rows of nested objects start a section. */
  section: boolean;
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  format?: string;
}

function typeOf(node: JsonSchema): string {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (node.anyOf) return node.anyOf.map((n) => (n.const !== undefined ? JSON.stringify(n.const) : typeOf(n))).join(' | ');
  if (node.type === 'array') return `${node.items ? typeOf(node.items) : 'unknown'}[]`;
  if (node.type === 'object' && node.additionalProperties && typeof node.additionalProperties === 'object') return `map of ${typeOf(node.additionalProperties)}`;
  const base = Array.isArray(node.type) ? node.type.join(' | ') : (node.format ?? node.type ?? 'unknown');
  const range = node.minimum !== undefined || node.maximum !== undefined ? ` (${node.minimum ?? '…'}–${node.maximum ?? '…'})` : '';
  return `${base}${range}`;
}

function walk(node: JsonSchema, prefix: string, required: boolean, rows: ReferenceRow[]) {
  const isObject = node.type === 'object' && node.properties;
  if (prefix) {
    rows.push({
      field: prefix,
      type: isObject ? 'object' : typeOf(node),
      required: required && node.default === undefined,
      default: node.default !== undefined && !isObject ? JSON.stringify(node.default) : undefined,
      description: node.description ?? '',
      section: Boolean(isObject),
    });
  }
  if (isObject) {
    for (const [key, child] of Object.entries(node.properties!)) {
      walk(child, prefix ? `${prefix}.${key}` : key, (node.required ?? []).includes(key), rows);
    }
  }
}

export function configReference(): ReferenceRow[] {
  const schema = z.toJSONSchema(deploymentConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows: ReferenceRow[] = [];
  walk(schema, '', true, rows);
  return rows;
}
