/**
 * Cross-cutting set-up of order-service: the operator's actuator endpoints, problem details and limits on requests.
 */
package com.example.reliable.order.system;
