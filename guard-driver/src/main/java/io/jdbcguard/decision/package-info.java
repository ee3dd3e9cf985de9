/**
 * The one decision path from a URL, its properties and this machine's environment to a guarded or unguarded
 * connection: {@link io.jdbcguard.decision.Decisions}.
 */
package io.jdbcguard.decision;
