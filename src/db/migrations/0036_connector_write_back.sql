-- CRM write-back (docs/hubspot.md, "Write-back"): how many records a sync run wrote back to the vendor.
alter table connector_runs add column written_back integer not null default 0 check (written_back >= 0);
