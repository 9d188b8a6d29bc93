-- "All customers" as of a day (metrics.ts customerSince): a month-end of the trend, or a period's first day,
-- counts the customers the store had then (it counted today's). One more dated total of metric_agg_days
-- (metric-events.ts DATED_TOTALS 'customers'); the aggregates are built again (metric-aggregates.ts stampOf).
ALTER TABLE metric_agg_days ADD COLUMN customers INTEGER NOT NULL DEFAULT 0;
-- Since when each customer counts (epoch day; NULL: always): the referral counts as of a day read it.
ALTER TABLE metric_agg_facts ADD COLUMN since INTEGER;
