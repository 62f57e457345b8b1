/**
 * Tests of the system as a whole: processes, compose file, console.
 */
package com.example.reliable.system;
