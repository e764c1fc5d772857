import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Every refusal rule code the code base can produce, found by reading the source (the
 * TypeScript syntax tree, not regular expressions): the rule argument of invalid(), conflict(),
 * notFound(), new DomainError() and the parsers' own helpers; `rule:` in object literals; the
 * rule tables of the HTTP layer; and `validation.<constraint>` for every class-validator
 * decorator a DTO uses. Used by the catalog's test: a rule without a Chinese message fails it.
 */
export interface FoundRule {
  rule: string;
  file: string;
  line: number;
}

/** Calls whose argument at this index is a rule code. */
const RULE_ARGUMENT: Record<string, number> = {
  invalid: 1,
  conflict: 1,
  notFound: 1,
  RowError: 1,
  reject: 1,
  refuse: 2,
  uploadRefusal: 1,
  readWord: 1,
  invalidLine: 2,
  notCovered: 0,
  DomainError: 2,
};

/** class-validator decorators → the constraint name their errors carry. */
export const VALIDATOR_CONSTRAINTS: Record<string, string | null> = {
  IsString: 'isString',
  IsNotEmpty: 'isNotEmpty',
  IsDefined: 'isDefined',
  IsIn: 'isIn',
  IsInt: 'isInt',
  IsBoolean: 'isBoolean',
  IsObject: 'isObject',
  IsArray: 'isArray',
  IsISO8601: 'isIso8601',
  IsDateString: 'isDateString',
  IsNumber: 'isNumber',
  IsPositive: 'isPositive',
  IsEnum: 'isEnum',
  Matches: 'matches',
  MaxLength: 'maxLength',
  MinLength: 'minLength',
  Length: 'isLength',
  Min: 'min',
  Max: 'max',
  ArrayMinSize: 'arrayMinSize',
  ArrayMaxSize: 'arrayMaxSize',
  ArrayNotEmpty: 'arrayNotEmpty',
  ValidateNested: 'nestedValidation',
  // Decorators that add no constraint of their own.
  IsOptional: null,
  ValidateIf: null,
  Type: null,
  Transform: null,
};

const RULE_SHAPE = /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)+$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return ['node_modules', 'testing', 'dist'].includes(entry.name) ? [] : sourceFiles(path);
    }
    return /\.ts$/.test(entry.name) && !/\.(spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

function calleeName(node: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = node.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

export function scanRefusalRules(root: string): {
  rules: FoundRule[];
  unknownDecorators: FoundRule[];
} {
  const rules: FoundRule[] = [];
  const unknownDecorators: FoundRule[] = [];
  for (const path of [...sourceFiles(join(root, 'libs')), ...sourceFiles(join(root, 'apps'))]) {
    const text = readFileSync(path, 'utf8');
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
    const file = relative(root, path);
    const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const add = (rule: string, node: ts.Node) => {
      if (RULE_SHAPE.test(rule)) rules.push({ rule, file, line: at(node) });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const name = calleeName(node);
        const index = name === undefined ? undefined : RULE_ARGUMENT[name];
        const arg = index === undefined ? undefined : node.arguments?.[index];
        // A rule chosen by a condition: both branches are rules.
        const choices =
          arg && ts.isConditionalExpression(arg) ? [arg.whenTrue, arg.whenFalse] : arg ? [arg] : [];
        for (const c of choices) if (ts.isStringLiteralLike(c)) add(c.text, c);
      }
      if (
        ts.isPropertyAssignment(node) &&
        ts.isIdentifier(node.name) &&
        node.name.text === 'rule' &&
        ts.isStringLiteralLike(node.initializer)
      ) {
        add(node.initializer.text, node.initializer);
      }
      // Rule tables: const HTTP_RULES = { 401: 'access.unauthenticated', … }.
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        /_RULES$/.test(node.name.text) &&
        node.initializer &&
        ts.isObjectLiteralExpression(node.initializer)
      ) {
        for (const p of node.initializer.properties) {
          if (ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer))
            add(p.initializer.text, p);
        }
      }
      // Rule unions: type ClaimRejectionRule = 'claim.serviceDateWithinCoverage' | ….
      if (
        ts.isTypeAliasDeclaration(node) &&
        /Rule$/.test(node.name.text) &&
        ts.isUnionTypeNode(node.type)
      ) {
        for (const t of node.type.types) {
          if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) add(t.literal.text, t);
        }
      }
      if (ts.isDecorator(node) && ts.isCallExpression(node.expression)) {
        const name = calleeName(node.expression);
        const inDto = /\.dto\.ts$/.test(file) || /Dto\b/.test(text);
        if (name && inDto && /^(Is|Array|Validate|Matches|Min|Max|Length)/.test(name)) {
          const constraint = VALIDATOR_CONSTRAINTS[name];
          if (constraint === undefined)
            unknownDecorators.push({ rule: name, file, line: at(node) });
          else if (constraint !== null)
            rules.push({ rule: `validation.${constraint}`, file, line: at(node) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  // Every DTO is whitelisted: an unknown field is refused with this constraint.
  rules.push({
    rule: 'validation.whitelistValidation',
    file: 'apps/ledger-api/src/http/validation.pipe.ts',
    line: 1,
  });
  return { rules, unknownDecorators };
}
