import { useMe } from './useMe';

/**
 * The organisation's base currency and time zone, told with the signed-in profile: what an amount
 * typed into a form means (minor units differ: JPY has none, CNY two).
 */
export function useOrganisation() {
  const organisation = useMe().data?.organisation;
  // Every signed-in page has loaded the profile before it renders; the default only covers the first paint.
  return organisation ?? { currency: 'CNY', timeZone: 'Asia/Shanghai' };
}
