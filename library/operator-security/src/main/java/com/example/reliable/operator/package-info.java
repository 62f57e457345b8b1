/**
 * Login protection for the operator API of any service: failed logins throttled per address and per
 * user name, and a 401 with problem details that never opens a browser's login dialog for a page's
 * background call. Who may do what stays each service's own security configuration.
 */
package com.example.reliable.operator;
