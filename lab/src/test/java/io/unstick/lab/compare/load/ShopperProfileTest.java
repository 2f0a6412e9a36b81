package io.unstick.lab.compare.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShopperProfileTest {

    @Test
    void withoutSkewEveryShopperThinksAlike() {
        List<ShopperProfile> shoppers = ShopperProfile.population(10, 0, Duration.ofMillis(800), 1);
        assertThat(shoppers).extracting(ShopperProfile::meanThink).containsOnly(Duration.ofMillis(800));
    }

    @Test
    void skewMakesAFewShoppersBusierWhileTheTotalPaceStays() {
        List<ShopperProfile> shoppers = ShopperProfile.population(100, 1, Duration.ofMillis(1000), 1);
        double pace = shoppers.stream().mapToDouble(s -> 1000.0 / s.meanThink().toMillis()).average().orElseThrow();
        assertThat(pace).as("mean requests per think time").isCloseTo(1.0, within(0.05));
        assertThat(shoppers.get(0).meanThink()).isLessThan(shoppers.get(99).meanThink().dividedBy(20));
    }

    @Test
    void theSameSeedGivesTheSameScriptsAndShoppersDiffer() {
        assertThat(ShopperProfile.population(5, 0.5, Duration.ofSeconds(1), 42))
                .isEqualTo(ShopperProfile.population(5, 0.5, Duration.ofSeconds(1), 42));
        assertThat(ShopperProfile.population(5, 0.5, Duration.ofSeconds(1), 42)).extracting(ShopperProfile::seed).doesNotHaveDuplicates();
    }
}
