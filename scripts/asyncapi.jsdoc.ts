import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/** First paragraph of each class's and property's JSDoc: `descriptions.get('FileRef')`, `descriptions.get('FileRef.url')`. */
export type JsDocDescriptions = ReadonlyMap<string, string>;

/**
 * Reads the JSDoc of every class and class property in the contract sources, so the AsyncAPI schemas carry
 * the same one-line documentation as the code. Specs, benchmarks and test helpers are skipped.
 */
export function readJsDocDescriptions(sourceDir: string): JsDocDescriptions {
  const descriptions = new Map<string, string>();
  for (const file of sourceFiles(sourceDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (!ts.isClassDeclaration(node) || node.name === undefined) return;
      const className = node.name.text;
      const classDoc = docOf(node);
      if (classDoc !== undefined) descriptions.set(className, classDoc);
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const doc = docOf(member);
        if (doc !== undefined) descriptions.set(`${className}.${member.name.text}`, doc);
      }
    });
  }
  return descriptions;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
      return /\.ts$/.test(entry.name) && !/\.(spec|bench)\.ts$/.test(entry.name) ? [path] : [];
    });
}

function docOf(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  const text = last === undefined ? undefined : ts.getTextOfJSDocComment(last.comment);
  if (text === undefined || text.trim() === '') return undefined;
  // One paragraph, one line: `{@link X}` becomes `X`.
  return text
    .split(/\n\s*\n/)[0]
    .replace(/\{@link\s+([^}]+)\}/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
