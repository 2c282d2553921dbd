import type { TFunction } from 'i18next';
import { translator } from '../../i18n/index.js';
import { currencyExponent } from '../../shared/money.js';
import type { Deck } from '../../shared/reviews.js';

/** The deck's words and figures in its language, shared by the PDF (HTML) and the PPTX renderers. */
export function deckText(deck: Deck) {
  const t: TFunction = translator(deck.language);
  const k = (key: string, params?: Record<string, unknown>) => t(`reviews.deck.${key}`, params ?? {}) as string;
  const none = k('none');
  const number = new Intl.NumberFormat(deck.language);
  const money = (minor: number | null) => {
    if (minor === null) return none;
    const exponent = currencyExponent(deck.account.currency);
    return new Intl.NumberFormat(deck.language, {
      style: 'currency',
      currency: deck.account.currency,
      maximumFractionDigits: 0,
    }).format(minor / 10 ** exponent);
  };
  const percent = (share: number | null) => (share === null ? none : `${Math.round(share * 100)} %`);
  const a = deck.account;
  const health = a.health
    ? `${number.format(Math.round(a.health.score))} (${k(`color.${a.health.color}`)})${
        a.health.change30 === null
          ? ''
          : ` · ${k('healthChange', { change: `${a.health.change30 > 0 ? '+' : ''}${Math.round(a.health.change30)}` })}`
      }`
    : none;
  const metricName = (m: Deck['benchmark']['metrics'][number]) => k(`metric.${m.metric}`, { module: m.module ?? '' });
  const moduleName = (m: Deck['usage']['modules'][number]) => (m.key === '' ? k('otherEvents') : m.name);
  const milestoneName = (m: Deck['value']['milestones'][number]) => {
    const known = m.key ? t(`reviews.deck.milestone.${m.key}`, { defaultValue: '' }) : '';
    return (known as string) || m.name;
  };
  const objectiveStatus = (s: string) => t(`reviews.deck.objectiveStatus.${s}`, { defaultValue: s }) as string;
  return {
    k,
    none,
    number: (n: number | null) => (n === null ? none : number.format(n)),
    money,
    percent,
    title: `${k('title')} · ${a.name}`,
    kind: k(`kind.${deck.kind}`),
    period: k('period', { from: deck.period.from, to: deck.period.to }),
    generated: k('generatedOn', { date: deck.generatedOn }),
    summary: [
      [k('arr'), money(a.arrMinor)],
      [k('plan'), a.plan ?? none],
      [k('renewalOn'), a.renewalOn ?? none],
      [k('health'), health],
      [k('renewalProbability'), percent(a.renewalProbability)],
      [k('tierLabel'), a.tier ? k(`tier.${a.tier}`) : none],
      [k('owner'), a.ownerName ?? none],
    ] as [string, string][],
    metricName,
    moduleName,
    milestoneName,
    objectiveStatus,
    benchmarkGroup: deck.benchmark.groupValue
      ? k('benchmarkGroup', {
          group: t(`reviews.deck.tier.${deck.benchmark.groupValue}`, { defaultValue: deck.benchmark.groupValue }),
        })
      : k('benchmarkAll'),
    sections: ['summary', 'objectives', 'usage', 'support', 'nps', 'value', 'benchmark', 'plan'].map((s) =>
      k(`section.${s}`),
    ),
  };
}

export type DeckText = ReturnType<typeof deckText>;
