-- gold.daily_sales, key (order_date, country, channel): placed orders having at least one silver
-- order line, by the UTC date of the order, the customer's country and the channel. Sums are
-- rounded once, after summing.
SELECT order_date,
       country,
       channel,
       count(DISTINCT order_id)          AS orders,
       sum(quantity)                     AS units,
       round(sum(line_gross_eur), 2)     AS gross_eur,
       round(sum(line_net_eur), 2)       AS net_eur
FROM gold.fact_order_lines
GROUP BY order_date, country, channel
ORDER BY order_date, country, channel
