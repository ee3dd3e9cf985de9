/**
 * Stage 3, semantics: what parsed statements mean. {@code ConstantFolder} folds constant expressions as the server
 * would; {@code TargetScope} and {@code WherePredicates} decide whether a WHERE restricts its target's rows;
 * {@code StatementEffects} collects what statements change, create, add and prepare (for the driver's judgement by
 * effect); {@code StoredCode}, {@code RowValues} and {@code TriggerFunctionDefinition} read stored programs,
 * triggers and rules; {@code HarmlessStatements} and {@code ReadOnlyStatements} recognise texts that cannot change
 * data. Uses the vocabulary, lexing and parsing.
 */
package io.jdbcguard.rules.semantics;
