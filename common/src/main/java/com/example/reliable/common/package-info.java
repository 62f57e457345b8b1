/**
 * The contracts the services share: the messages order-service publishes and the names of the
 * exchange and routing keys they travel on. Nothing service-specific lives here.
 */
package com.example.reliable.common;
