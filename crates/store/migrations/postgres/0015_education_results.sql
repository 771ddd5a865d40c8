-- Education (issue 19): what students make counts. A student's result (report, advice, product)
-- is a knowledge product linked to the assignment it came from; the product goes through the
-- knowledge base's review workflow and the assignment's managers review it. Keep in step with
-- ../sqlite/0015_education_results.sql.

-- One result of an assignment: the knowledge product and the student who made it (an account;
-- NULL when a manager linked an existing product without a student, or the account was erased;
-- the name shown is the account's, so erasing the account erases it here too).
CREATE TABLE assignment_results (
    knowledge_product_id BIGINT PRIMARY KEY REFERENCES knowledge_products(id) ON DELETE CASCADE,
    werkplaats_id        BIGINT  NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    assignment_id        BIGINT  NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    student_account_id   BIGINT  REFERENCES accounts(id) ON DELETE SET NULL,
    created_at           TEXT NOT NULL
);
CREATE INDEX assignment_results_assignment_idx ON assignment_results (werkplaats_id, assignment_id);
