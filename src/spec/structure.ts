// The structural stage: the spec is an object in exactly one form and matches the zod schema of
// that form. Afterwards the data can be trusted to have the spec's types, user-named keys included.
import { type Issue, quote, throwIfAny } from "./issues.ts";
import {
  graphSpecSchema,
  type NamedRecordField,
  nodeSchema,
  type ParsedGraphSpec,
  type ParsedSequentialSpec,
  recordExpectation,
  sequentialSpecSchema,
  shapeSchema,
} from "./schema.ts";
import { fallbackMessage, fromZodIssues, isRecord } from "./zod-messages.ts";

export type ParsedForm = { form: "sequential"; spec: ParsedSequentialSpec } | { form: "graph"; spec: ParsedGraphSpec };

const PARSE_OPTIONS = { error: fallbackMessage };

function formIssue(raw: unknown): Issue | undefined {
  if (!isRecord(raw)) {
    return { path: [], detail: `expected a spec object with "layers" or "nodes", got ${quote(raw)}` };
  }
  const hasLayers = Object.hasOwn(raw, "layers");
  const hasNodes = Object.hasOwn(raw, "nodes");
  if (hasLayers && hasNodes) {
    return {
      path: [],
      detail: `has both "layers" and "nodes"; use "layers" for a sequential stack or "nodes" + "output" for a graph, not both`,
    };
  }
  if (!hasLayers && !hasNodes) {
    return { path: [], detail: `missing "layers" (sequential form) or "nodes" + "output" (graph form)` };
  }
  return undefined;
}

function ownValue(record: object, key: string): unknown {
  return Object.getOwnPropertyDescriptor(record, key)?.value;
}

/**
 * What zod cannot see in a record keyed by user names: emptiness (judged on the input) and an own
 * "__proto__" entry, which zod skips but which is an ordinary name here.
 */
function namedRecordIssues(raw: Record<string, unknown>, fields: readonly NamedRecordField[]): Issue[] {
  const issues: Issue[] = [];
  for (const field of fields) {
    const record = ownValue(raw, field);
    if (!isRecord(record)) continue; // zod reports it
    if (Object.keys(record).length === 0) {
      issues.push({ path: [field], detail: `expected ${recordExpectation(field)}, got {}` });
    }
    if (Object.hasOwn(record, "__proto__")) {
      const schema = field === "nodes" ? nodeSchema : shapeSchema;
      const result = schema.safeParse(ownValue(record, "__proto__"), PARSE_OPTIONS);
      if (!result.success) {
        for (const issue of fromZodIssues(result.error.issues)) {
          issues.push({ path: [field, "__proto__", ...issue.path], detail: issue.detail });
        }
      }
    }
  }
  return issues;
}

/** Throws a SpecError listing every structural problem; returns the typed spec otherwise. */
export function parseStructure(raw: unknown): ParsedForm {
  const shapeIssue = formIssue(raw);
  throwIfAny(shapeIssue ? [shapeIssue] : []);
  const spec = raw as Record<string, unknown>;
  const sequential = Object.hasOwn(spec, "layers");
  const fields: NamedRecordField[] = sequential ? ["inputs", "targets"] : ["inputs", "targets", "nodes"];
  const result = (sequential ? sequentialSpecSchema : graphSpecSchema).safeParse(spec, PARSE_OPTIONS);
  const issues = [...(result.success ? [] : fromZodIssues(result.error.issues)), ...namedRecordIssues(spec, fields)];
  throwIfAny(issues);
  if (!result.success) throw new Error("unreachable: zod reported failure without issues");
  // Zod's copies of the named records lack any "__proto__" entry: keep the validated originals.
  const records = Object.fromEntries(fields.map((field) => [field, ownValue(spec, field)]));
  const data = { ...result.data, ...records };
  return sequential
    ? { form: "sequential", spec: data as ParsedSequentialSpec }
    : { form: "graph", spec: data as ParsedGraphSpec };
}
