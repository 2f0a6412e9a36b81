package io.unstick.lab.compare.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Shoppers against a fake shop: what they count as lost must be exactly what the shop forgot. */
class VirtualShopperTest {

    private static final List<String> PRODUCTS = List.of("mug", "tea", "scale");

    @Test
    void aShopThatKeepsEverythingShowsNoLossAndLoginsAreNotResets() throws Exception {
        try (FakeShop shop = new FakeShop()) {
            Observations observations = shop(shop, 8, Duration.ofSeconds(3), null);
            Observations.Counts counts = observations.counts();
            assertThat(counts.requests()).isGreaterThan(100);
            assertThat(counts.errors()).isZero();
            assertThat(counts.lostItems()).isZero();
            assertThat(counts.extraItems()).isZero();
            assertThat(counts.resurrectedItems()).isZero();
            assertThat(counts.divergentAnswers()).isZero();
            assertThat(counts.sessionResets()).isZero();
            assertThat(counts.relogins()).isZero();
            assertThat(counts.idChangesByLogin()).as("logins change the session id, seen and not counted as resets").isPositive();
            assertThat(counts.byNode()).containsOnlyKeys("fake");
        }
    }

    @Test
    void forgettingEverySessionIsSeenAsLostItemsResetsAndRelogins() throws Exception {
        try (FakeShop shop = new FakeShop()) {
            Observations observations = shop(shop, 12, Duration.ofSeconds(4), shop::forgetAllSessions);
            Observations.Counts counts = observations.counts();
            assertThat(counts.lostItems()).isPositive();
            assertThat(counts.sessionResets()).isPositive().isLessThanOrEqualTo(12);
            assertThat(counts.relogins()).isLessThanOrEqualTo(counts.sessionResets());
            assertThat(counts.extraItems()).isZero();
            assertThat(counts.resurrectedItems()).as("nothing comes back from a forgotten session").isZero();
            assertThat(counts.divergentAnswers()).as("a lost session is a reset, not a divergence").isZero();
            assertThat(observations.lastTroubleNanos()).isPositive();
        }
    }

    @Test
    void twoCopiesAnsweringInTurnAreSeenAsDivergentAnswersAndResurrectedItems() throws Exception {
        try (FakeShop shop = new FakeShop()) {
            Observations.Counts counts = shop(shop, 12, Duration.ofSeconds(4), shop::splitBrain).counts();
            assertThat(counts.divergentAnswers()).isPositive();
            assertThat(counts.resurrectedItems()).isPositive();
            assertThat(counts.lostItems()).isPositive();
        }
    }

    /** Runs shoppers for the duration, with an optional fault half-way. */
    private static Observations shop(FakeShop shop, int shoppers, Duration duration, Runnable fault) throws Exception {
        Observations observations = new Observations();
        List<ShopperProfile> profiles = ShopperProfile.population(shoppers, 0, Duration.ofMillis(20), 7);
        observations.startMeasuring();
        try (LoadRun load = LoadRun.start(shop.uri(), profiles, PRODUCTS, Duration.ofSeconds(2), observations)) {
            Thread.sleep(duration.toMillis() / 2);
            if (fault != null) {
                fault.run();
            }
            Thread.sleep(duration.toMillis() / 2);
        }
        observations.stopMeasuring();
        return observations;
    }
}
