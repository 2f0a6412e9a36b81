package io.unstick.lab.compare.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Who one virtual shopper is: how long it thinks between requests and the seed of its script. With skew, a few
 * shoppers are much busier than the rest while the population's total pace stays the same, which is how a
 * handful of heavy clients pin a node under affinity.
 *
 * @param index     0-based; also names the shopper's users ({@code s3v1} = shopper 3, visit 1)
 * @param meanThink mean pause between two requests
 * @param seed      seeds this shopper's choices: the same seed gives the same script in every mode
 */
public record ShopperProfile(int index, Duration meanThink, long seed) {

    /**
     * {@code count} shoppers; shopper i's pace is proportional to {@code (1 / (i + 1))^(2 * skew)}, normalised so
     * the mean pace is that of {@code meanThink}. Skew 0: everyone alike; skew 1: the busiest shopper is about
     * {@code count / ln(count)} times busier than average.
     */
    public static List<ShopperProfile> population(int count, double skew, Duration meanThink, long seed) {
        double[] pace = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            pace[i] = Math.pow(1.0 / (i + 1), 2 * skew);
            sum += pace[i];
        }
        List<ShopperProfile> shoppers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double relative = pace[i] * count / sum;
            long thinkMicros = Math.max(5_000, Math.round(meanThink.toNanos() / 1_000.0 / relative));
            shoppers.add(new ShopperProfile(i, Duration.ofNanos(thinkMicros * 1_000), seed * 1_000_003L + i));
        }
        return shoppers;
    }
}
