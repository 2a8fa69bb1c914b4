/**
 * The kit's shared low-level helpers (SQL lexing, identifier quoting, hashing), on which every feature package
 * builds and which depend on nothing of the kit's own. Not API: may change in any release.
 */
package io.github.queuetestkit.base;
