// Name rules: every input, target and node has a distinct, non-empty name. Names are data (any
// string, "__proto__" and "constructor" included): they live in Maps, never as plain-object lookups.
import { formatPath, type Issue, type Path, quote } from "./issues.ts";

export interface NameClaim {
  name: string;
  /** The field the name comes from (record key, `name` field, or the layer for automatic names). */
  path: Path;
  autoNamed: boolean;
}

function describeClaim(claim: NameClaim): string {
  return claim.autoNamed ? `${formatPath(claim.path)} (its automatic name)` : formatPath(claim.path);
}

/** Issues for empty and duplicate names; the first claim of a name wins. */
export function checkNames(claims: readonly NameClaim[]): Issue[] {
  const issues: Issue[] = [];
  const owners = new Map<string, NameClaim>();
  for (const claim of claims) {
    if (claim.name === "") {
      issues.push({ path: claim.path, detail: `names must not be empty` });
      continue;
    }
    const owner = owners.get(claim.name);
    if (owner === undefined) {
      owners.set(claim.name, claim);
    } else if (claim.autoNamed) {
      issues.push({
        path: claim.path,
        detail: `the automatic name ${quote(claim.name)} is already used by ${describeClaim(owner)}; give this layer a "name"`,
      });
    } else {
      issues.push({
        path: claim.path,
        detail: `duplicate name ${quote(claim.name)}, already used by ${describeClaim(owner)}`,
      });
    }
  }
  return issues;
}
