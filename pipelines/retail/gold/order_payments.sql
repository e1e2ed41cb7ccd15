-- gold.order_payments: one row per placed order. net_eur as in daily_sales (rounded once, 0 for an
-- order without lines); paid_eur sums the payments whose current status is captured, each divided
-- by the fx of its currency on the latest rate date on or before the UTC date of its event_ts.
WITH placed AS (
    SELECT order_id, (order_ts AT TIME ZONE 'UTC')::date AS order_date
    FROM silver.orders
    WHERE status = 'placed'
),
net AS (
    SELECT order_id, round(sum(line_net_eur), 2) AS net_eur
    FROM gold.fact_order_lines
    GROUP BY order_id
),
captured AS (
    SELECT p.order_id,
           p.amount / CASE WHEN p.currency = 'EUR' THEN 1::numeric ELSE r.units_per_eur END AS amount_eur
    FROM silver.payments p
    LEFT JOIN LATERAL (
        SELECT units_per_eur
        FROM silver.fx_rates
        WHERE currency = p.currency AND rate_date <= (p.event_ts AT TIME ZONE 'UTC')::date
        ORDER BY rate_date DESC
        LIMIT 1
    ) r ON true
    WHERE p.status = 'captured'
),
paid AS (
    SELECT order_id, round(sum(amount_eur), 2) AS paid_eur
    FROM captured
    GROUP BY order_id
),
amounts AS (
    SELECT o.order_id,
           o.order_date,
           coalesce(n.net_eur, 0.00) AS net_eur,
           coalesce(p.paid_eur, 0.00) AS paid_eur
    FROM placed o
    LEFT JOIN net n ON n.order_id = o.order_id
    LEFT JOIN paid p ON p.order_id = o.order_id
)
SELECT order_id,
       order_date,
       net_eur,
       paid_eur,
       CASE WHEN paid_eur >= net_eur - 0.01 THEN 'paid'
            WHEN paid_eur = 0 THEN 'unpaid'
            ELSE 'partially_paid' END AS payment_status
FROM amounts
ORDER BY order_id
