import { type RawBuilder, sql } from 'kysely';

/**
 * A page's LIMIT and OFFSET, written into the statement's text rather than sent as parameters. A named
 * statement (prepared-statements.ts) is planned once and reused only when PostgreSQL's generic plan costs
 * no more than planning anew; a generic plan cannot know a LIMIT given as a parameter, assumes a large one,
 * and so every paged list was planned again on each request — about 2 ms of a CSM's 4 ms CTA list
 * (docs/performance.md). With the numbers in the text, each page size and page is a statement of its own.
 * They enter the text, so they are checked here as well as by the query schemas.
 */
interface Page {
  page: number;
  pageSize: number;
}

function wholeFromOne(value: number, name: string) {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a whole number from 1: ${value}`);
  return value;
}

export const pageLimit = ({ pageSize }: Page): RawBuilder<number> => sql.lit(wholeFromOne(pageSize, 'pageSize'));

export const pageOffset = ({ page, pageSize }: Page): RawBuilder<number> =>
  sql.lit((wholeFromOne(page, 'page') - 1) * wholeFromOne(pageSize, 'pageSize'));
