import fs from 'node:fs';
import { Argument, type Command } from 'commander';
import { cliActor } from '../audit/actor.js';
import type { CliContext } from '../module.js';
import { IMPORT_KINDS, type ImportKind } from './imports.service.js';

/** `tenure import <kind> <file>`: the same import as the API, from a file on disk. */
export function registerImportCommands(program: Command, { withServices, print }: CliContext) {
  const parseMap = (value: string) =>
    Object.fromEntries(
      value
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const [from, to] = pair.split('=');
          if (!from || !to) throw new Error(`--map expects source=target pairs, got "${pair}"`);
          return [from.trim(), to.trim()];
        }),
    );

  program
    .command('import')
    .description('Import a CSV or Excel (.xlsx) file; refused rows are reported with line, column and reason')
    .addArgument(new Argument('<kind>', 'what the file holds').choices([...IMPORT_KINDS]))
    .argument('<file>', 'path to a .csv or .xlsx file')
    .option(
      '--map <pairs>',
      'rename source columns: source=target,… (target: a Tenure column, attribute or ignore)',
      parseMap,
    )
    .option(
      '--outcome <column>',
      'accounts: the column holding the known churn outcome (Yes/No, true/false, 1/0), stored as attributes.churn_outcome',
    )
    .option(
      '--types <pairs>',
      'accounts: force custom attribute types: column=numeric|categorical,… (default: guessed from the values)',
      parseMap,
    )
    .option('--json', 'print JSON')
    .action(
      async (
        kind: ImportKind,
        file: string,
        opts: { map?: Record<string, string>; outcome?: string; types?: Record<string, string>; json?: boolean },
      ) => {
        if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
        if (opts.outcome && kind !== 'accounts') throw new Error('--outcome is for accounts imports');
        if (opts.types && kind !== 'accounts') throw new Error('--types is for accounts imports');
        const bad = Object.entries(opts.types ?? {}).find(([, type]) => type !== 'numeric' && type !== 'categorical');
        if (bad) throw new Error(`--types: "${bad[0]}=${bad[1]}" must be numeric or categorical`);
        const types = opts.types as Record<string, 'numeric' | 'categorical'> | undefined;
        await withServices(async ({ imports }, config) => {
          // Progress on a terminal only: scripts read the report.
          const tty = process.stderr.isTTY && !opts.json;
          const onProgress = tty
            ? (p: { rows: number; readBytes: number; totalBytes: number }) => {
                process.stderr.write(
                  `\r${Math.floor((100 * p.readBytes) / Math.max(p.totalBytes, 1))}% · ${p.rows} rows`,
                );
              }
            : undefined;
          const report = await imports.importFile(cliActor, kind, file, {
            map: opts.map,
            outcome: opts.outcome,
            types,
            locale: config.TENURE_LOCALE,
            onProgress,
          });
          if (tty) process.stderr.write('\r\x1b[K');
          const created = report.createdAccountCount;
          print(opts.json, report, () =>
            [
              `${report.imported} of ${report.rows} rows imported from ${file}${report.refusedRows ? `; ${report.refusedRows} refused` : ''}.`,
              created
                ? `${kind === 'accounts' ? `Created ${created} new accounts` : `Created ${created} accounts named after their external ids`}: ${report.createdAccounts.slice(0, 20).join(', ')}${created > 20 ? ' …' : ''}`
                : '',
              report.attributeTypes && Object.keys(report.attributeTypes).length
                ? `Custom attributes: ${Object.entries(report.attributeTypes)
                    .map(([k, v]) => `${k} (${v})`)
                    .join(', ')}`
                : '',
              report.ignoredColumns.length ? `Ignored columns: ${report.ignoredColumns.join(', ')}` : '',
              ...report.refused.map((r) => `line ${r.line}${r.column ? `, ${r.column}` : ''}: ${r.message}`),
              report.refusedTruncated ? `… the first ${report.refused.length} problems are listed.` : '',
            ]
              .filter(Boolean)
              .join('\n'),
          );
        });
      },
    );
}
