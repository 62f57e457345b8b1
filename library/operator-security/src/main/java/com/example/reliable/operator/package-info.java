/**
 * The operator API's security for any service: {@code /admin/**} for the operator (HTTP basic, role
 * OPERATOR, no sessions, no CSRF tokens) and a service's own rules beside it, failed logins throttled
 * per address and per user name, and a 401 with problem details that never opens a browser's login
 * dialog for a page's background call.
 */
package com.example.reliable.operator;
