/** Names of people and companies: Chinese with pinyin for their addresses, English via faker. */
import { en, Faker, base } from '@faker-js/faker';
import { CN_BRANDS, CN_GIVEN, CN_SURNAMES, EN_SUFFIXES, EN_WORDS, INDUSTRIES, TITLES } from './catalog.js';
import type { Rng } from '../shared/stats.js';
import type { Lang } from './texts.js';
import type { ContactPlan } from './types.js';

export interface Company {
  name: string;
  domain: string;
  industry: string;
}

/** A company name not used before (`taken` holds names and domains already given out). */
export function companyName(rng: Rng, lang: Lang, city: string, taken: Set<string>): Company {
  for (let attempt = 0; ; attempt++) {
    const industry = rng.weighted(INDUSTRIES.map((i) => [i, i.weight] as const));
    let name: string;
    let domain: string;
    if (lang === 'cn') {
      const [brand, pinyin] = rng.pick(CN_BRANDS);
      const [second, secondPinyin] = attempt > 3 ? rng.pick(CN_BRANDS) : ['', ''];
      const group = rng.chance(0.08);
      name = group
        ? `${brand}${second}集团有限公司`
        : `${city}${brand}${second}${rng.pick(industry.cn)}${rng.chance(0.15) ? '股份' : ''}有限公司`;
      domain = `${pinyin}${secondPinyin}${rng.pick(['', '', 'tech', 'soft', 'group', 'cloud'])}.${rng.pick(['com', 'cn', 'com.cn'])}`;
    } else {
      const word = rng.pick(EN_WORDS);
      const second = attempt > 3 ? rng.pick(EN_WORDS) : '';
      const noun = rng.pick(industry.en);
      const suffix = rng.pick(EN_SUFFIXES);
      name = `${word}${second ? ` ${second}` : ''} ${noun}${suffix ? ` ${suffix}` : ''}`;
      domain = `${(word + second).toLowerCase()}${rng.chance(0.5) ? noun.toLowerCase().replace(/[^a-z]/g, '') : ''}.${rng.pick(['com', 'com', 'io', 'co'])}`;
    }
    if (taken.has(name) || taken.has(domain)) continue;
    taken.add(name);
    taken.add(domain);
    return { name, domain, industry: industry.name };
  }
}

const english = new Faker({ locale: [en, base] });

function chineseName(rng: Rng) {
  const [surname, surnamePinyin] = rng.pick(CN_SURNAMES);
  const [given, givenPinyin] = rng.pick(CN_GIVEN);
  return { name: `${surname}${given}`, local: `${givenPinyin}.${surnamePinyin}` };
}

function englishName(rng: Rng) {
  english.seed(rng.int(0, 2 ** 31));
  const first = english.person.firstName();
  const last = english.person.lastName();
  const ascii = (s: string) =>
    s
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
  return { name: `${first} ${last}`, local: `${ascii(first)}.${ascii(last)}` };
}

const phone = (rng: Rng, lang: Lang) =>
  lang === 'cn'
    ? `1${rng.pick([3, 5, 7, 8, 9])}${String(rng.int(0, 9))}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`
    : `+${rng.pick(['1', '44', '65', '61', '49'])} ${rng.int(200, 999)} ${rng.int(100, 999)} ${String(rng.int(0, 9999)).padStart(4, '0')}`;

/**
 * The decision chain (seed 001): who decides, who pays, who champions us, who uses it daily,
 * and sometimes who stands in the way. The champion is the day-to-day (primary) contact.
 */
export function contactsFor(
  rng: Rng,
  lang: Lang,
  segment: 'smb' | 'mid_market' | 'enterprise',
  domain: string,
): ContactPlan[] {
  const roles: ContactPlan['role'][] = ['champion', 'decision_maker'];
  if (segment !== 'smb' || rng.chance(0.3)) roles.push('economic_buyer');
  if (segment !== 'smb' && rng.chance(segment === 'enterprise' ? 0.35 : 0.15)) roles.push('blocker');
  const users = segment === 'smb' ? rng.int(0, 1) : segment === 'mid_market' ? rng.int(1, 2) : rng.int(2, 4);
  for (let i = 0; i < users; i++) roles.push('end_user');
  const locals = new Set<string>();
  return roles.map((role, index) => {
    let person = lang === 'cn' ? chineseName(rng) : englishName(rng);
    while (locals.has(person.local)) person = lang === 'cn' ? chineseName(rng) : englishName(rng);
    locals.add(person.local);
    return {
      externalId: `c${index + 1}`,
      name: person.name,
      email: `${person.local}@${domain}`,
      phone: phone(rng, lang),
      title: rng.pick(TITLES[role][lang]),
      role,
      isPrimary: index === 0,
    };
  });
}
