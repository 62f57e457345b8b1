/**
 * The live console at {@code /}: a static page that drives the demo and shows every service's view.
 */
package com.example.reliable.order.console;
