import * as path from 'node:path';
import type * as Sarif from 'sarif';
import { pathToFileURL } from 'node:url';
import { allRuleMetas, type Confidence, type Finding, type RuleMeta, type Severity, type SuppressedFinding } from '../analyzers';
import { lessonTitle, lessonUrl } from '../lessons/catalog';
import { version, homepage } from '../package.json';
import type { Report } from './report';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };
/** SARIF's `rank` is a 0–100 priority; GitHub sorts by it. The evidence's confidence maps onto it. */
const RANK: Record<Confidence, number> = { high: 90, medium: 60, low: 30 };

/**
 * SARIF 2.1.0, as GitHub code scanning reads it: rule metadata with a help
 * link to the lesson, results with physical locations, related locations,
 * fixes, and in-source suppressions with their reasons. Columns are UTF-16
 * code units, the engine's own unit. Artifact URIs are relative to
 * `%SRCROOT%` (the folder holding the current folder and every target, so
 * never `../`), each segment percent-encoded (`#`, `?` and `%` in a file name
 * cannot turn into a fragment, a query or an escape). Configuration problems
 * are `toolConfigurationNotifications`; skipped files and read errors are
 * `toolExecutionNotifications`.
 */
export function formatSarif(report: Report): string {
  const metas = allRuleMetas;
  const ruleIndex = new Map(metas.map((meta, index) => [meta.id, index]));
  const uri = artifactUri(report);
  const results: Sarif.Result[] = [
    ...report.findings.map((finding) => toResult(finding, ruleIndex, uri)),
    ...report.suppressed.map((entry) => toSuppressedResult(entry, ruleIndex, uri)),
  ];
  const at = (file: string, region?: Sarif.Region): Pick<Sarif.Notification, 'locations'> =>
    file ? { locations: [{ physicalLocation: { artifactLocation: { uri: uri(file), uriBaseId: '%SRCROOT%' }, ...(region ? { region } : {}) } }] } : {};
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ScaleCheck',
            semanticVersion: version,
            informationUri: homepage,
            rules: metas.map((meta) => toRuleDescriptor(meta, report)),
            notifications: NOTIFICATIONS,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.root.endsWith(path.sep) ? report.root : report.root + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...report.errors.map((error): Sarif.Notification => ({ descriptor: { id: 'error' }, level: 'error', message: { text: error.message }, ...at(error.file) })),
              ...report.skipped.map((entry): Sarif.Notification => ({ descriptor: { id: 'skipped' }, level: 'note', message: { text: `Not analyzed: ${entry.reason}.` }, ...at(entry.file) })),
              ...report.notes.map((note): Sarif.Notification => ({ descriptor: { id: 'note' }, level: 'note', message: { text: note } })),
            ],
            toolConfigurationNotifications: report.configuration.map((entry): Sarif.Notification => {
              const region: Sarif.Region | undefined = entry.range
                ? { startLine: entry.range.start.line, startColumn: entry.range.start.column, endLine: entry.range.end.line, endColumn: entry.range.end.column }
                : entry.line
                  ? { startLine: entry.line }
                  : undefined;
              return { descriptor: { id: 'configuration' }, level: 'warning', message: { text: entry.message }, ...at(entry.file, region) };
            }),
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function toRuleDescriptor(meta: RuleMeta, report: Report): Sarif.ReportingDescriptor {
  const locale = report.locale;
  const lesson = lessonTitle(meta.lesson, locale);
  return {
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: meta.title[locale] },
    fullDescription: { text: `${meta.summary[locale]} ${meta.impact[locale]}` },
    helpUri: lessonUrl(meta.lesson, locale),
    help: {
      text: `${meta.summary[locale]}\n\nLesson: ${lesson} (${lessonUrl(meta.lesson, locale)})`,
      markdown: `${meta.summary[locale]}\n\n${meta.impact[locale]}\n\n**Lesson:** [${lesson}](${lessonUrl(meta.lesson, locale)})`,
    },
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: { tags: ['scalability', ...meta.languages] },
  };
}

const NOTIFICATIONS: Sarif.ReportingDescriptor[] = [
  { id: 'configuration', shortDescription: { text: 'A configuration entry (.scalecheck.json, an ignore file) was left out.' } },
  { id: 'skipped', shortDescription: { text: 'A file was not analyzed (too large, minified, generated, binary or too deeply nested).' } },
  { id: 'error', shortDescription: { text: 'A file or folder could not be read or analyzed.' } },
  { id: 'note', shortDescription: { text: 'A note about the run.' } },
];

/** Report paths are relative to the current folder; SARIF's are relative to the root, segment by segment percent-encoded. */
function artifactUri(report: Report): (file: string) => string {
  return (file) => {
    const fromRoot = path.relative(report.root, path.resolve(report.cwd, file)).split(path.sep);
    return fromRoot.map(encodeURIComponent).join('/');
  };
}

function toResult(finding: Finding, ruleIndex: Map<string, number>, uri: (file: string) => string): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    rank: RANK[finding.confidence],
    message: { text: finding.message },
    properties: { confidence: finding.confidence },
    locations: [location(uri(finding.file), finding.range)],
  };
  if (finding.related?.length) {
    result.relatedLocations = finding.related.map((related, id) => ({ id, ...location(uri(related.file), related.range), message: { text: related.message } }));
  }
  if (finding.fixes?.length) {
    result.fixes = finding.fixes.map((fix) => ({
      description: { text: `${fix.title} (${fix.applicability})` },
      artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
        artifactLocation: { uri: uri(file), uriBaseId: '%SRCROOT%' },
        replacements: edits.map((edit) => ({
          deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start },
          insertedContent: { text: edit.newText },
        })),
      })),
    }));
  }
  return result;
}

function toSuppressedResult(entry: SuppressedFinding, ruleIndex: Map<string, number>, uri: (file: string) => string): Sarif.Result {
  return {
    ...toResult(entry.finding, ruleIndex, uri),
    suppressions: [{ kind: 'inSource', ...(entry.reason ? { justification: entry.reason } : {}) }],
  };
}

function location(uri: string, range: Finding['range']): Sarif.Location {
  return {
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
      region: {
        startLine: range.start.line,
        startColumn: range.start.column,
        endLine: range.end.line,
        endColumn: range.end.column,
        charOffset: range.start.offset,
        charLength: range.end.offset - range.start.offset,
      },
    },
  };
}

function groupByFile<T extends { file: string }>(items: readonly T[]): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.file, [...(groups.get(item.file) ?? []), item]);
  return [...groups];
}
