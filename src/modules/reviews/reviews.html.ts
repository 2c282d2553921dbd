import type { Deck } from '../../shared/reviews.js';
import { type DeckText, deckText } from './reviews.text.js';

/**
 * The deck as one HTML document, a landscape page per section (what Chromium prints to PDF): the title with
 * the account summary, then objectives, usage and adoption, support, NPS, value delivered, peer benchmark and
 * the next-period plan. Charts are inline SVG; every text is escaped.
 */
export const DECK_PAGES = 8;
const COLORS = ['#1677ff', '#52c41a', '#faad14', '#722ed1', '#13c2c2', '#eb2f96', '#fa541c', '#8c8c8c'];

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function table(head: string[], rows: string[][]) {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

/** Vertical bars, one group per label, one bar per series. */
function bars(labels: string[], series: { name: string; values: number[] }[], width = 900, height = 260) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const pad = 40;
  const group = (width - pad * 2) / Math.max(1, labels.length);
  const bar = (group * 0.8) / Math.max(1, series.length);
  const rects = series
    .flatMap((s, si) =>
      s.values.map((v, i) => {
        const h = ((height - pad * 2) * v) / max;
        const x = pad + i * group + group * 0.1 + si * bar;
        return `<rect x="${x.toFixed(1)}" y="${(height - pad - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[si % COLORS.length]}"><title>${esc(s.name)}: ${v}</title></rect>`;
      }),
    )
    .join('');
  const xLabels = labels
    .map(
      (l, i) =>
        `<text x="${(pad + i * group + group / 2).toFixed(1)}" y="${height - pad + 18}" text-anchor="middle">${esc(l)}</text>`,
    )
    .join('');
  const legend = series
    .map((s, i) => `<span class="key"><i style="background:${COLORS[i % COLORS.length]}"></i>${esc(s.name)}</span>`)
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#bbb"/><text x="${pad}" y="${pad - 10}">${max}</text>${rects}${xLabels}</svg><div class="legend">${legend}</div>`;
}

function page(title: string, body: string, x: DeckText, deck: Deck) {
  return `<section class="page"><header><h2>${esc(title)}</h2><span>${esc(deck.account.name)} · ${esc(x.period)}</span></header>${body}</section>`;
}

const objectiveRows = (x: DeckText, items: NonNullable<Deck['objectives']>) =>
  items.map((o) => [o.title, x.objectiveStatus(o.status), x.percent(o.progress), o.dueOn ?? x.none]);

export function deckHtml(deck: Deck): string {
  const x = deckText(deck);
  const { k } = x;
  const [summary, objectives, usage, support, nps, value, benchmark, plan] = x.sections as [string, ...string[]];
  const months = deck.usage.months;
  const pages = [
    `<section class="page title"><h1>${esc(x.title)}</h1><p class="kind">${esc(x.kind)}</p><p>${esc(x.period)}</p>
      <h2>${esc(summary)}</h2>${table(['', ''], x.summary)}<p class="muted">${esc(x.generated)}</p></section>`,
    page(
      objectives as string,
      deck.objectives?.length
        ? table([k('objective'), k('status'), k('progress'), k('dueOn')], objectiveRows(x, deck.objectives))
        : `<p class="muted">${esc(k('noObjectives'))}</p>`,
      x,
      deck,
    ),
    page(
      usage as string,
      deck.usage.modules.length
        ? `<h3>${esc(k('events'))}</h3>${bars(
            months,
            deck.usage.modules.slice(0, 8).map((m) => ({ name: x.moduleName(m), values: m.events })),
            900,
            220,
          )}<h3>${esc(k('activeUsers'))}</h3>${bars(months, [{ name: k('activeUsers'), values: deck.usage.activeUsers }], 900, 180)}`
        : `<p class="muted">${esc(k('noUsage'))}</p>`,
      x,
      deck,
    ),
    page(
      support as string,
      `${table(
        [k('opened'), k('closed'), k('openNow'), k('csat')],
        [
          [
            x.number(deck.support.opened),
            x.number(deck.support.closed),
            x.number(deck.support.openNow),
            deck.support.csatAverage === null
              ? x.none
              : k('csatOf', { average: deck.support.csatAverage, count: deck.support.csatCount }),
          ],
        ],
      )}<h3>${esc(k('byPriority'))}</h3>${bars(
        (['low', 'normal', 'high', 'urgent'] as const).map((p) => k(`priority.${p}`)),
        [
          {
            name: k('opened'),
            values: (['low', 'normal', 'high', 'urgent'] as const).map((p) => deck.support.byPriority[p]),
          },
        ],
        700,
        220,
      )}`,
      x,
      deck,
    ),
    page(
      nps as string,
      `<p class="big">${esc(k('npsScore'))}: ${esc(x.number(deck.nps.score))}</p>${table(
        [k('responses'), k('promoters'), k('passives'), k('detractors'), k('latest')],
        [
          [deck.nps.responses, deck.nps.promoters, deck.nps.passives, deck.nps.detractors]
            .map(x.number)
            .concat(x.number(deck.nps.latest)),
        ],
      )}${bars(
        [k('promoters'), k('passives'), k('detractors')],
        [{ name: k('responses'), values: [deck.nps.promoters, deck.nps.passives, deck.nps.detractors] }],
        600,
        200,
      )}`,
      x,
      deck,
    ),
    page(
      value as string,
      `<h3>${esc(k('milestones'))}</h3>${
        deck.value.milestones.length
          ? table(
              [k('milestones'), k('completedOn')],
              deck.value.milestones.map((m) => [x.milestoneName(m), m.completedOn]),
            )
          : `<p class="muted">${esc(k('noMilestones'))}</p>`
      }${
        deck.value.objectivesAchieved?.length
          ? `<h3>${esc(k('objectivesAchieved'))}</h3><ul>${deck.value.objectivesAchieved.map((o) => `<li>${esc(o)}</li>`).join('')}</ul>`
          : ''
      }`,
      x,
      deck,
    ),
    page(
      benchmark as string,
      `<p>${esc(x.benchmarkGroup)}</p>${
        deck.benchmark.metrics.some((m) => m.median !== null)
          ? table(
              [k('section.benchmark'), k('yours'), k('median'), k('percentile')],
              deck.benchmark.metrics.map((m) => [
                x.metricName(m),
                x.number(m.value),
                x.number(m.median),
                x.number(m.percentile),
              ]),
            )
          : `<p class="muted">${esc(k('noBenchmark'))}</p>`
      }`,
      x,
      deck,
    ),
    page(
      plan as string,
      `<p class="big">${esc(k('nextReview', { date: deck.plan.nextReviewOn ?? x.none }))}</p><h3>${esc(k('actions'))}</h3>${
        deck.plan.actions.length
          ? table(
              [k('objective'), k('dueOn'), k('ctaPriority')],
              deck.plan.actions.map((a) => [
                a.title,
                a.dueOn,
                k(`priority.${a.priority === 'medium' ? 'normal' : a.priority}`),
              ]),
            )
          : `<p class="muted">${esc(k('noActions'))}</p>`
      }${
        deck.plan.objectives?.length
          ? `<h3>${esc(k('openObjectives'))}</h3>${table([k('objective'), k('status'), k('progress'), k('dueOn')], objectiveRows(x, deck.plan.objectives))}`
          : ''
      }`,
      x,
      deck,
    ),
  ];
  return `<!doctype html><html lang="${deck.language}"><head><meta charset="utf-8"><title>${esc(x.title)}</title><style>
    @page { size: A4 landscape; margin: 14mm; }
    body { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif; color: #1f1f1f; margin: 0; }
    .page { page-break-after: always; break-after: page; }
    .page:last-child { page-break-after: auto; break-after: auto; }
    header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #1677ff; margin-bottom: 12px; }
    header span, .muted { color: #8c8c8c; }
    h1 { font-size: 30px; margin: 40px 0 8px; } .kind { font-size: 18px; color: #1677ff; }
    table { border-collapse: collapse; width: 100%; margin: 8px 0; } th, td { border-bottom: 1px solid #eee; padding: 6px 8px; text-align: left; }
    th { background: #fafafa; } .big { font-size: 20px; font-weight: 600; }
    svg text { font-size: 12px; fill: #595959; } .legend { margin: 4px 0 8px; } .key { margin-right: 14px; }
    .key i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
  </style></head><body>${pages.join('')}</body></html>`;
}
