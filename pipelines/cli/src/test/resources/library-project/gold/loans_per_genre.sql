-- Loans and loan-days per genre.
SELECT g.genre, count(*) AS loans, sum(l.days) AS loan_days
FROM silver.loans l
JOIN silver.book_genres g ON g.isbn = l.isbn
GROUP BY g.genre
ORDER BY g.genre
