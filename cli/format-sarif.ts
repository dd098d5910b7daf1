import type * as Sarif from 'sarif';
import { pathToFileURL } from 'node:url';
import { allRuleMetas, type Finding, type RuleMeta, type Severity, type SuppressedFinding } from '../analyzers';
import { lessonTitle, lessonUrl } from '../lessons/catalog';
import { version, homepage } from '../package.json';
import type { Report } from './report';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0, as GitHub code scanning reads it: rule metadata with a help
 * link to the lesson, results with physical locations, related locations,
 * fixes, and in-source suppressions with their reasons. Columns are UTF-16
 * code units, the engine's own unit.
 */
export function formatSarif(report: Report): string {
  const metas = allRuleMetas;
  const ruleIndex = new Map(metas.map((meta, index) => [meta.id, index]));
  const results: Sarif.Result[] = [
    ...report.findings.map((finding) => toResult(finding, ruleIndex)),
    ...report.suppressed.map((entry) => toSuppressedResult(entry, ruleIndex)),
  ];
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
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.cwd.endsWith('/') ? report.cwd : report.cwd + '/').href } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((error) => ({
              level: 'error',
              message: { text: error.message },
              ...(error.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(error.file), uriBaseId: '%SRCROOT%' } } }] } : {}),
            })),
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

function toResult(finding: Finding, ruleIndex: Map<string, number>): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [location(finding.file, finding.range)],
  };
  if (finding.related?.length) {
    result.relatedLocations = finding.related.map((related, id) => ({ id, ...location(related.file, related.range), message: { text: related.message } }));
  }
  if (finding.fixes?.length) {
    result.fixes = finding.fixes.map((fix) => ({
      description: { text: `${fix.title} (${fix.applicability})` },
      artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
        artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
        replacements: edits.map((edit) => ({
          deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start },
          insertedContent: { text: edit.newText },
        })),
      })),
    }));
  }
  return result;
}

function toSuppressedResult(entry: SuppressedFinding, ruleIndex: Map<string, number>): Sarif.Result {
  return {
    ...toResult(entry.finding, ruleIndex),
    suppressions: [{ kind: 'inSource', ...(entry.reason ? { justification: entry.reason } : {}) }],
  };
}

function location(file: string, range: Finding['range']): Sarif.Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
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
