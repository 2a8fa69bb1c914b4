/** A tiny Spring Boot application with a JdbcTemplate queue, for the kit's own tests of its Spring support. */
package io.github.queuetestkit.spring.app;
