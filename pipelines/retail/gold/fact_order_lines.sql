-- gold.fact_order_lines: one row per silver order line of a placed order, denormalised with its
-- order, customer and product. fx = units per EUR of the order's currency on the latest rate
-- date on or before the order's UTC date (1 for EUR). Amounts in EUR are left unrounded.
WITH placed AS (
    SELECT order_id, customer_id, order_ts, channel, currency,
           (order_ts AT TIME ZONE 'UTC')::date AS order_date
    FROM silver.orders
    WHERE status = 'placed'
),
with_fx AS (
    SELECT p.*,
           CASE WHEN p.currency = 'EUR' THEN 1::numeric ELSE r.units_per_eur END AS fx
    FROM placed p
    LEFT JOIN LATERAL (
        SELECT units_per_eur
        FROM silver.fx_rates
        WHERE currency = p.currency AND rate_date <= p.order_date
        ORDER BY rate_date DESC
        LIMIT 1
    ) r ON true
)
SELECT l.order_id,
       l.line_no,
       o.order_date,
       o.order_ts,
       o.channel,
       o.currency,
       o.fx,
       o.customer_id,
       c.country,
       c.segment,
       l.product_id,
       p.category_id,
       p.category_name,
       l.quantity,
       l.unit_price,
       l.discount,
       l.quantity * l.unit_price / o.fx                    AS line_gross_eur,
       l.quantity * l.unit_price * (1 - l.discount) / o.fx AS line_net_eur
FROM silver.order_lines l
JOIN with_fx o ON o.order_id = l.order_id
JOIN silver.customers c ON c.customer_id = o.customer_id
JOIN silver.products p ON p.product_id = l.product_id
ORDER BY l.order_id, l.line_no
