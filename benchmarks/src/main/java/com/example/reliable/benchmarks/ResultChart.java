package com.example.reliable.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * A PNG bar chart of every rate row (msg/s, orders/s, records/s): one horizontal bar per row at its
 * median, a whisker from min to max, on a logarithmic axis because the rates span four orders of
 * magnitude. Plain Java2D, headless.
 */
final class ResultChart {

    private static final int WIDTH = 1100;
    private static final int LEFT = 330;
    private static final int RIGHT = 130;
    private static final int BAR = 26;
    private static final int TOP = 60;

    private ResultChart() {
    }

    static void write(Path file, Settings settings, List<Row> rows) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<Row> rates = rows.stream().filter(row -> row.metric().endsWith("/s") && row.max() > 0).toList();
        int height = TOP + rates.size() * (BAR + 10) + 50;
        var image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Throughput, median of " + settings.repetitions() + " run(s), whiskers min–max ("
                + settings.mode().name().toLowerCase() + " mode, log scale)", 20, 30);
        double lowest = Math.floor(Math.log10(rates.stream().mapToDouble(Row::min).filter(v -> v > 0).min().orElse(1)));
        double highest = Math.ceil(Math.log10(rates.stream().mapToDouble(Row::max).max().orElse(10)));
        if (highest <= lowest) {
            highest = lowest + 1;
        }
        int plotWidth = WIDTH - LEFT - RIGHT;
        double low = lowest;
        double span = highest - lowest;
        java.util.function.DoubleToIntFunction x = value -> LEFT
                + (int) Math.round(plotWidth * (Math.log10(Math.max(value, Math.pow(10, low))) - low) / span);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int axisY = TOP + rates.size() * (BAR + 10);
        for (double decade = lowest; decade <= highest; decade++) {
            int at = x.applyAsInt(Math.pow(10, decade));
            g.setColor(new Color(225, 225, 225));
            g.drawLine(at, TOP - 5, at, axisY);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(java.util.Locale.ROOT, "%,.0f", Math.pow(10, decade)), at - 10, axisY + 18);
        }
        for (int i = 0; i < rates.size(); i++) {
            Row row = rates.get(i);
            int y = TOP + i * (BAR + 10);
            g.setColor(Color.BLACK);
            g.drawString(row.label(), 10, y + BAR / 2 + 5);
            g.setColor(new Color(70, 130, 180));
            g.fillRect(LEFT, y, Math.max(1, x.applyAsInt(row.median()) - LEFT), BAR);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(2));
            int mid = y + BAR / 2;
            g.drawLine(x.applyAsInt(row.min()), mid, x.applyAsInt(row.max()), mid);
            g.drawLine(x.applyAsInt(row.min()), mid - 6, x.applyAsInt(row.min()), mid + 6);
            g.drawLine(x.applyAsInt(row.max()), mid - 6, x.applyAsInt(row.max()), mid + 6);
            g.drawString(Format.number(row.median()) + " " + row.metric(), x.applyAsInt(row.max()) + 8, mid + 5);
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
