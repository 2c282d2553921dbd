import { type Locale, translator } from '../../i18n/index.js';
import type { Objective, ValuePoint } from '../../shared/successplans.js';

/** The customer's read-only plan page: plain HTML and inline CSS (no script), readable on a phone. */
const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const STYLE = `
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;background:#f5f5f5;color:#1f1f1f}
main{max-width:760px;margin:0 auto;padding:16px}
h1{font-size:1.4rem;margin:8px 0 16px}
.card{background:#fff;border-radius:8px;padding:16px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card h2{font-size:1.1rem;margin:0 0 8px;overflow-wrap:anywhere}
.meta{color:#595959;font-size:.9rem;display:flex;flex-wrap:wrap;gap:4px 16px;margin:4px 0}
.status{display:inline-block;padding:0 8px;border-radius:4px;font-size:.85rem;background:#f0f0f0}
.status.achieved{background:#f6ffed;color:#389e0d}.status.at_risk,.status.missed{background:#fff1f0;color:#cf1322}
.status.on_track{background:#e6f4ff;color:#0958d9}
.bar{height:8px;background:#f0f0f0;border-radius:4px;overflow:hidden;margin:8px 0 4px}
.bar span{display:block;height:100%;background:#1677ff}
ul{padding-left:20px;margin:8px 0 0}li.done{color:#8c8c8c;text-decoration:line-through}
footer{color:#8c8c8c;font-size:.8rem;text-align:center;margin:24px 0}`;

function page(locale: Locale, title: string, body: string) {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function renderGone(locale: Locale, why: 'notFound' | 'revoked') {
  const t = translator(locale);
  const title = t(`successPlans.page.${why}`);
  return page(
    locale,
    title,
    `<div class="card"><h1>${esc(title)}</h1><p>${esc(t('successPlans.page.askCsm'))}</p></div>`,
  );
}

export function renderSharedPlan(
  locale: Locale,
  plan: { accountName: string; objectives: Objective[]; valuePoints: ValuePoint[] },
) {
  const t = translator(locale);
  const points = new Map(plan.valuePoints.map((p) => [p.id, locale === 'zh-CN' ? p.nameZh : p.nameEn]));
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const title = t('successPlans.page.title', { account: plan.accountName });
  const objectives = plan.objectives.map((o) => {
    const meta = [
      `<span class="status ${o.status}">${esc(t(`successPlans.status.${o.status}`))}</span>`,
      o.dueOn ? `<span>${esc(t('successPlans.page.due', { date: o.dueOn }))}</span>` : '',
      o.owner ? `<span>${esc(t('successPlans.page.owner', { name: o.owner.name }))}</span>` : '',
      o.valuePointId && points.has(o.valuePointId)
        ? `<span>${esc(t('successPlans.page.value', { name: points.get(o.valuePointId) }))}</span>`
        : '',
    ].join('');
    const target = o.target
      ? `<div class="bar" role="progressbar" aria-valuenow="${Math.round((o.progress ?? 0) * 100)}" aria-valuemin="0" aria-valuemax="100"><span style="width:${Math.round((o.progress ?? 0) * 100)}%"></span></div>
<div class="meta"><span>${esc(
          t('successPlans.page.target', {
            metric: t(`successPlans.metric.${o.target.kind}`, { key: o.target.key ?? '' }),
            comparator: o.target.comparator === '>=' ? '≥' : '≤',
            value: number.format(o.target.value),
          }),
        )}</span><span>${esc(
          t('successPlans.page.current', { value: o.current === null ? '—' : number.format(o.current) }),
        )}</span><span>${o.progress === null ? '' : `${Math.round(o.progress * 100)}%`}</span></div>`
      : '';
    const tasks = o.tasks.length
      ? `<ul>${o.tasks
          .map(
            (task) =>
              `<li class="${task.done ? 'done' : ''}">${esc(task.title)}${task.dueOn ? ` · ${esc(task.dueOn)}` : ''}</li>`,
          )
          .join('')}</ul>`
      : '';
    return `<section class="card"><h2>${esc(o.title)}</h2><div class="meta">${meta}</div>${
      o.neededOutcome ? `<p>${esc(t('successPlans.page.outcome'))}: ${esc(o.neededOutcome)}</p>` : ''
    }${target}${tasks}</section>`;
  });
  const body = `<h1>${esc(title)}</h1>${
    objectives.length ? objectives.join('') : `<div class="card">${esc(t('successPlans.page.empty'))}</div>`
  }<footer>${esc(t('successPlans.page.readOnly'))}</footer>`;
  return page(locale, title, body);
}
