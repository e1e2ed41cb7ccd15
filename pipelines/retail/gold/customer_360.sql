-- gold.customer_360: one row per customer with at least one placed order. orders counts every
-- placed order; net_eur sums the customer's order lines; the average divides the unrounded net.
WITH placed AS (
    SELECT customer_id,
           min((order_ts AT TIME ZONE 'UTC')::date) AS first_order_date,
           max((order_ts AT TIME ZONE 'UTC')::date) AS last_order_date,
           count(*)                                  AS orders
    FROM silver.orders
    WHERE status = 'placed'
    GROUP BY customer_id
),
net AS (
    SELECT customer_id, sum(line_net_eur) AS net_eur
    FROM gold.fact_order_lines
    GROUP BY customer_id
)
SELECT c.customer_id,
       c.country,
       c.segment,
       p.first_order_date,
       p.last_order_date,
       p.orders,
       round(coalesce(n.net_eur, 0), 2)            AS net_eur,
       round(coalesce(n.net_eur, 0) / p.orders, 2) AS avg_order_net_eur
FROM placed p
JOIN silver.customers c ON c.customer_id = p.customer_id
LEFT JOIN net n ON n.customer_id = p.customer_id
ORDER BY c.customer_id
