-- A CSM's Home reads their book of up to a few thousand accounts several times (the book's figures, the
-- renewal window, the colour changes). Found through accounts_owner_idx, each account was a heap page of
-- its own (~2,000 pages, ~10 ms a read on the 100,000-account bench); this index gives the live book's ids
-- and names alone, in name order (an index-only scan, ~0.3 ms).
create index accounts_book_idx on accounts (owner_id, name, id) where deleted_at is null;
-- The Home's new detractors are the accounts whose latest answer came since yesterday: read by the time of
-- the answer, a day's answers, instead of every answer of a CSM's book.
create index nps_responses_responded_idx on nps_responses (responded_at);
