package com.example.reliable.publishing;

import java.util.concurrent.Semaphore;

/**
 * How many publishes may wait for the broker's confirm at once ({@code confirm-window}). A publisher
 * takes a place before each publish and waits while the window is full; the place is given back
 * exactly once, when the broker answers, when the confirm is given up on, or when the publish
 * could not be made. The relay and the compensation job share one window, so together they never
 * have more than {@code confirm-window} publishes in flight, and neither waits for one confirm
 * before sending the next.
 */
class ConfirmWindow {

    private final int size;
    private final Semaphore places;

    ConfirmWindow(int size) {
        this.size = size;
        this.places = new Semaphore(size);
    }

    /** Waits for a free place. */
    void enter() throws InterruptedException {
        places.acquire();
    }

    /** Gives a place back: the publish it held is answered or given up on. */
    void leave() {
        places.release();
    }

    /** Publishes in flight now. */
    int inFlight() {
        return size - places.availablePermits();
    }
}
