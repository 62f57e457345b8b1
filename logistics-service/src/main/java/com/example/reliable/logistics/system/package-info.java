/**
 * What logistics-service needs as a web service beside its feature: who may use the operator API.
 */
package com.example.reliable.logistics.system;
