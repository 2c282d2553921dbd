-- Imports started through the API run as queue jobs (`imports-run`), and the worker that runs one
-- may be another process on another machine: the uploaded file is kept in the database until the
-- import finishes or fails for good, in pieces of at most 1 MiB (never one value held whole in memory).
create table import_uploads (
  import_id uuid not null references import_jobs(id) on delete cascade,
  seq integer not null,
  data bytea not null,
  primary key (import_id, seq)
);

-- Which attempt owns a running import: each attempt claims the row by raising it, and every write
-- of an attempt checks it, so an attempt that outlived its lease (another one took over) stops.
alter table import_jobs add column attempt integer not null default 0;
-- The file's extension (.csv, .xlsx): the worker writes the stored bytes to a file named like the upload.
alter table import_jobs add column file_type text not null default '.csv';
