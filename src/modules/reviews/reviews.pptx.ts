import type pptxgenjs from 'pptxgenjs';
import type { Deck } from '../../shared/reviews.js';
import { deckText } from './reviews.text.js';

/**
 * The deck as an editable PowerPoint file (pptxgenjs): the same eight sections as the PDF, a slide each, with
 * native charts (usage per module, active people, tickets by priority, NPS answers) the customer's team can
 * restyle, and tables rather than pictures.
 */
type Row = string[];
// pptxgenjs's types describe its CommonJS build (the class under `default`); Node loads its ES build, whose
// default export is the class itself. Either way, this is the class.
type PptxClass = typeof pptxgenjs.default;
async function pptxClass(): Promise<PptxClass> {
  const { default: loaded } = await import('pptxgenjs');
  return (loaded as unknown as { default?: PptxClass }).default ?? (loaded as unknown as PptxClass);
}
type Slide = ReturnType<InstanceType<PptxClass>['addSlide']>;
const BLUE = '1677FF';

export async function deckPptx(deck: Deck): Promise<Buffer> {
  const x = deckText(deck);
  const { k } = x;
  const pptx = new (await pptxClass())();
  pptx.layout = 'LAYOUT_WIDE'; // 13.33 × 7.5 in
  pptx.title = x.title;
  pptx.company = deck.account.name;
  const fontFace = deck.language === 'zh-CN' ? 'Microsoft YaHei' : 'Calibri';
  const lang = deck.language;
  const [summary, objectives, usage, support, nps, value, benchmark, plan] = x.sections as string[];

  const slide = (title: string) => {
    const s = pptx.addSlide();
    s.addText(title, { x: 0.5, y: 0.3, w: 9, h: 0.6, fontSize: 26, bold: true, color: BLUE, fontFace, lang });
    s.addText(`${deck.account.name} · ${x.period}`, {
      x: 7.8,
      y: 0.35,
      w: 5,
      h: 0.5,
      fontSize: 12,
      color: '8C8C8C',
      align: 'right',
      fontFace,
      lang,
    });
    return s;
  };
  const table = (s: Slide, head: Row, rows: Row[], y = 1.2) =>
    s.addTable(
      [
        head.map((h) => ({ text: h, options: { bold: true, fill: { color: 'FAFAFA' } } })),
        ...rows.map((r) => r.map((c) => ({ text: c }))),
      ],
      { x: 0.5, y, w: 12.3, fontSize: 12, fontFace, border: { type: 'solid', color: 'EEEEEE', pt: 1 } },
    );
  const note = (s: Slide, text: string, y = 1.3) =>
    s.addText(text, { x: 0.5, y, w: 12, h: 0.5, fontSize: 14, color: '8C8C8C', fontFace, lang });
  const chartText = {
    fontFace,
    catAxisLabelFontFace: fontFace,
    valAxisLabelFontFace: fontFace,
    legendFontFace: fontFace,
  };

  // 1. Title and account summary
  const first = pptx.addSlide();
  first.addText(x.title, { x: 0.5, y: 0.4, w: 12, h: 0.8, fontSize: 32, bold: true, fontFace, lang });
  first.addText(`${x.kind} · ${x.period}`, {
    x: 0.5,
    y: 1.15,
    w: 12,
    h: 0.5,
    fontSize: 16,
    color: BLUE,
    fontFace,
    lang,
  });
  first.addText(summary as string, { x: 0.5, y: 1.8, w: 12, h: 0.5, fontSize: 20, bold: true, fontFace, lang });
  table(first, ['', ''], x.summary, 2.4);
  first.addText(x.generated, { x: 0.5, y: 6.8, w: 12, h: 0.4, fontSize: 10, color: '8C8C8C', fontFace, lang });

  // 2. Objectives
  const objectiveRows = (items: NonNullable<Deck['objectives']>) =>
    items.map((o) => [o.title, x.objectiveStatus(o.status), x.percent(o.progress), o.dueOn ?? x.none]);
  const s2 = slide(objectives as string);
  if (deck.objectives?.length)
    table(s2, [k('objective'), k('status'), k('progress'), k('dueOn')], objectiveRows(deck.objectives));
  else note(s2, k('noObjectives'));

  // 3. Usage and adoption: native charts
  const s3 = slide(usage as string);
  if (deck.usage.modules.length) {
    s3.addChart(
      pptx.ChartType.bar,
      deck.usage.modules
        .slice(0, 8)
        .map((m) => ({ name: x.moduleName(m), labels: deck.usage.months, values: m.events })),
      {
        x: 0.5,
        y: 1.1,
        w: 7.2,
        h: 5.8,
        barGrouping: 'stacked',
        showLegend: true,
        legendPos: 'b',
        showTitle: true,
        title: k('events'),
        ...chartText,
      },
    );
    s3.addChart(
      pptx.ChartType.line,
      [{ name: k('activeUsers'), labels: deck.usage.months, values: deck.usage.activeUsers }],
      { x: 7.9, y: 1.1, w: 4.9, h: 5.8, showTitle: true, title: k('activeUsers'), ...chartText },
    );
  } else note(s3, k('noUsage'));

  // 4. Support
  const s4 = slide(support as string);
  table(
    s4,
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
  );
  const priorities = ['low', 'normal', 'high', 'urgent'] as const;
  s4.addChart(
    pptx.ChartType.bar,
    [
      {
        name: k('opened'),
        labels: priorities.map((p) => k(`priority.${p}`)),
        values: priorities.map((p) => deck.support.byPriority[p]),
      },
    ],
    { x: 0.5, y: 2.4, w: 8, h: 4.6, showTitle: true, title: k('byPriority'), ...chartText },
  );

  // 5. NPS
  const s5 = slide(nps as string);
  s5.addText(`${k('npsScore')}: ${x.number(deck.nps.score)}`, {
    x: 0.5,
    y: 1.1,
    w: 12,
    h: 0.6,
    fontSize: 22,
    bold: true,
    fontFace,
    lang,
  });
  table(
    s5,
    [k('responses'), k('promoters'), k('passives'), k('detractors'), k('latest')],
    [
      [deck.nps.responses, deck.nps.promoters, deck.nps.passives, deck.nps.detractors]
        .map(x.number)
        .concat(x.number(deck.nps.latest)),
    ],
    1.9,
  );
  s5.addChart(
    pptx.ChartType.bar,
    [
      {
        name: k('responses'),
        labels: [k('promoters'), k('passives'), k('detractors')],
        values: [deck.nps.promoters, deck.nps.passives, deck.nps.detractors],
      },
    ],
    { x: 0.5, y: 3, w: 7, h: 4, ...chartText },
  );

  // 6. Value delivered
  const s6 = slide(value as string);
  if (deck.value.milestones.length)
    table(
      s6,
      [k('milestones'), k('completedOn')],
      deck.value.milestones.map((m) => [x.milestoneName(m), m.completedOn]),
    );
  else note(s6, k('noMilestones'));
  if (deck.value.objectivesAchieved?.length)
    s6.addText(`${k('objectivesAchieved')}: ${deck.value.objectivesAchieved.join(' · ')}`, {
      x: 0.5,
      y: 6,
      w: 12,
      h: 0.8,
      fontSize: 14,
      fontFace,
      lang,
    });

  // 7. Peer benchmark
  const s7 = slide(benchmark as string);
  s7.addText(x.benchmarkGroup, { x: 0.5, y: 1.0, w: 12, h: 0.4, fontSize: 14, fontFace, lang });
  if (deck.benchmark.metrics.some((m) => m.median !== null))
    table(
      s7,
      [benchmark as string, k('yours'), k('median'), k('percentile')],
      deck.benchmark.metrics.map((m) => [
        x.metricName(m),
        x.number(m.value),
        x.number(m.median),
        x.number(m.percentile),
      ]),
      1.5,
    );
  else note(s7, k('noBenchmark'), 1.5);

  // 8. Next-period plan
  const s8 = slide(plan as string);
  s8.addText(k('nextReview', { date: deck.plan.nextReviewOn ?? x.none }), {
    x: 0.5,
    y: 1.0,
    w: 12,
    h: 0.5,
    fontSize: 18,
    bold: true,
    fontFace,
    lang,
  });
  if (deck.plan.actions.length)
    table(
      s8,
      [k('actions'), k('dueOn'), k('ctaPriority')],
      deck.plan.actions.map((a) => [
        a.title,
        a.dueOn,
        k(`priority.${a.priority === 'medium' ? 'normal' : a.priority}`),
      ]),
      1.6,
    );
  else note(s8, k('noActions'), 1.6);
  if (deck.plan.objectives?.length)
    table(s8, [k('openObjectives'), k('status'), k('progress'), k('dueOn')], objectiveRows(deck.plan.objectives), 4.2);

  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}
