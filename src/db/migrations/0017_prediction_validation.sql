-- Prediction validation (docs/prediction.md "Validation"): the AUC's uncertainty and what the
-- training run saw — cut-off days, examples dropped for short usage history, features left out
-- because their history is unknown.
alter table prediction_models
  add column auc_low double precision,
  add column auc_high double precision,
  add column auc_fold_sd double precision,
  add column details jsonb not null default '{}'::jsonb;
