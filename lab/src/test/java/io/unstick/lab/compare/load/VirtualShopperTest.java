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
            assertThat(counts.sessionsLostWithLoginAnswer()).as("every login was answered").isZero();
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

    /**
     * A change made and answered 503 (a store whose backup did not confirm in time): the shopper retries it with its
     * key, the shop answers the retry without making it again, and nothing looks lost, extra or divergent.
     */
    @Test
    void aChangeMadeButAnswered503IsRetriedWithItsKeyAndCountedOnce() throws Exception {
        try (FakeShop shop = new FakeShop()) {
            Observations.Counts counts = shop(shop, 8, Duration.ofSeconds(4), shop::answerChangesUnconfirmed).counts();
            assertThat(counts.errorsByStatus().getOrDefault("503", 0L)).as("changes answered 503").isPositive();
            assertThat(shop.replays()).as("retries answered from their key").isPositive();
            assertThat(counts.extraItems()).as("nothing made twice").isZero();
            assertThat(counts.lostItems()).isZero();
            assertThat(counts.resurrectedItems()).isZero();
            assertThat(counts.divergentAnswers()).isZero();
            assertThat(counts.sessionResets()).isZero();
        }
    }

    /**
     * A login that renamed the session and whose answer never came (502): the shopper is left with the retired id,
     * and the session it finds replaced is counted as lost with the login's answer, not as lost items or a reset.
     */
    @Test
    void aSessionReplacedAfterALoginWithoutAnswerIsCountedApart() throws Exception {
        try (FakeShop shop = new FakeShop()) {
            Observations.Counts counts = shop(shop, 12, Duration.ofSeconds(4), shop::loseLoginAnswers).counts();
            assertThat(counts.errorsByStatus().getOrDefault("502", 0L)).as("logins without an answer").isPositive();
            assertThat(counts.sessionsLostWithLoginAnswer()).isPositive()
                    .isLessThanOrEqualTo(counts.errorsByStatus().get("502"));
            assertThat(counts.itemsLostWithLoginAnswer()).isPositive();
            assertThat(counts.lostItems()).as("not lost by the store").isZero();
            assertThat(counts.sessionResets()).as("not a reset").isZero();
            assertThat(counts.divergentAnswers()).isZero();
            assertThat(counts.resurrectedItems()).isZero();
            assertThat(counts.extraItems()).isZero();
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
