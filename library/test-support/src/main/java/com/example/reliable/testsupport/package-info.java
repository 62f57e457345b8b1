/**
 * Test infrastructure shared by every module: which servers integration tests use, an isolated
 * namespace per test class, and a TCP proxy for cutting a service off from a server.
 */
package com.example.reliable.testsupport;
