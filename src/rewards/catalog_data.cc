#include "rewards/catalog_data.h"

#include <algorithm>

namespace tally::rewards {

// Typical public terms of each card (US, 2025). The base rate is "other"; a
// category appears only when the card earns more there. Portal-only and capped
// bonuses are described in `notes` rather than inflating a category rate.
const std::vector<CatalogEntry>& catalog_entries() {
  static const std::vector<CatalogEntry> entries = [] {
    std::vector<CatalogEntry> e = {
        {"chase-sapphire-preferred", "Chase", "Sapphire Preferred", "Visa", "points",
         "Chase Ultimate Rewards", 95, 1250,
         {{"dining", 300}, {"streaming", 300}, {"grocery", 300}, {"travel", 200}, {"other", 100}},
         "5x on travel booked through Chase Travel; grocery 3x applies to online grocery purchases "
         "(not Target, Walmart or wholesale clubs)."},
        {"chase-sapphire-reserve", "Chase", "Sapphire Reserve", "Visa", "points",
         "Chase Ultimate Rewards", 795, 1500,
         {{"travel", 400}, {"dining", 300}, {"other", 100}},
         "8x on Chase Travel; travel 4x applies to flights and hotels booked directly."},
        {"chase-freedom-unlimited", "Chase", "Freedom Unlimited", "Visa", "cashback",
         "Chase Ultimate Rewards", 0, 1000,
         {{"dining", 300}, {"other", 150}},
         "Also 3% at drugstores and 5% on Chase Travel. Earns Ultimate Rewards points that can be "
         "combined with a Sapphire card."},
        {"chase-freedom-flex", "Chase", "Freedom Flex", "Mastercard", "cashback",
         "Chase Ultimate Rewards", 0, 1000,
         {{"dining", 300}, {"other", 100}},
         "5% on quarterly rotating categories after activation (up to $1,500 a quarter); 3% at "
         "drugstores."},
        {"chase-ink-business-preferred", "Chase", "Ink Business Preferred", "Visa", "points",
         "Chase Ultimate Rewards", 95, 1250,
         {{"travel", 300}, {"other", 100}},
         "3x on travel, shipping, internet, cable and phone, and social-media and search ads, on the "
         "first $150,000 a year."},
        {"chase-ink-business-cash", "Chase", "Ink Business Cash", "Visa", "cashback",
         "Chase Ultimate Rewards", 0, 1000,
         {{"gas", 200}, {"dining", 200}, {"other", 100}},
         "5% at office supply stores and on internet, cable and phone (first $25,000 a year); 2% "
         "at gas stations and restaurants (first $25,000 a year)."},
        {"amazon-prime-visa", "Chase", "Prime Visa", "Visa", "cashback", "Amazon Rewards", 0, 1000,
         {{"retail", 500}, {"grocery", 500}, {"dining", 200}, {"gas", 200}, {"travel", 200},
          {"other", 100}},
         "5% at Amazon, Amazon Fresh and Whole Foods Market with an eligible Prime membership; "
         "travel 2% applies to local transit and commuting."},
        {"chase-united-explorer", "Chase", "United Explorer", "Visa", "points", "United MileagePlus",
         150, 1200,
         {{"travel", 200}, {"dining", 200}, {"other", 100}},
         "2x on United purchases and hotel stays booked directly; $0 annual fee the first year."},
        {"marriott-bonvoy-boundless", "Chase", "Marriott Bonvoy Boundless", "Visa", "points",
         "Marriott Bonvoy", 95, 700,
         {{"travel", 600}, {"grocery", 300}, {"gas", 300}, {"dining", 300}, {"other", 200}},
         "6x at Marriott hotels; 3x on grocery, gas and dining applies to the first $6,000 of "
         "combined purchases a year."},
        {"amex-platinum", "American Express", "Platinum Card", "American Express", "points",
         "Amex Membership Rewards", 895, 1000,
         {{"travel", 500}, {"other", 100}},
         "5x on flights booked directly with airlines or through Amex Travel (up to $500,000 a "
         "year) and on prepaid hotels through Amex Travel."},
        {"amex-gold", "American Express", "Gold Card", "American Express", "points",
         "Amex Membership Rewards", 325, 1000,
         {{"dining", 400}, {"grocery", 400}, {"travel", 300}, {"other", 100}},
         "4x at restaurants worldwide (up to $50,000 a year) and US supermarkets (up to $25,000 a "
         "year); 3x on flights booked directly with airlines."},
        {"amex-green", "American Express", "Green Card", "American Express", "points",
         "Amex Membership Rewards", 150, 1000,
         {{"travel", 300}, {"dining", 300}, {"other", 100}},
         "Travel 3x includes transit."},
        {"amex-blue-cash-preferred", "American Express", "Blue Cash Preferred", "American Express",
         "cashback", "Amex Reward Dollars", 95, 1000,
         {{"grocery", 600}, {"streaming", 600}, {"gas", 300}, {"travel", 300}, {"other", 100}},
         "6% at US supermarkets on up to $6,000 a year; travel 3% applies to transit."},
        {"amex-blue-cash-everyday", "American Express", "Blue Cash Everyday", "American Express",
         "cashback", "Amex Reward Dollars", 0, 1000,
         {{"grocery", 300}, {"gas", 300}, {"retail", 300}, {"other", 100}},
         "3% each at US supermarkets, US gas stations and US online retail, on up to $6,000 a year "
         "per category."},
        {"amex-delta-skymiles-gold", "American Express", "Delta SkyMiles Gold", "American Express",
         "points", "Delta SkyMiles", 150, 1200,
         {{"travel", 200}, {"dining", 200}, {"grocery", 200}, {"other", 100}},
         "Travel 2x applies to Delta purchases; $0 annual fee the first year."},
        {"amex-hilton-honors", "American Express", "Hilton Honors Card", "American Express", "points",
         "Hilton Honors", 0, 500,
         {{"travel", 700}, {"dining", 500}, {"grocery", 500}, {"gas", 500}, {"other", 300}},
         "Travel 7x applies to Hilton hotels and resorts."},
        {"capital-one-venture-x", "Capital One", "Venture X Rewards", "Visa", "points",
         "Capital One Miles", 395, 1000,
         {{"other", 200}},
         "10x on hotels and rental cars and 5x on flights booked through Capital One Travel."},
        {"capital-one-venture", "Capital One", "Venture Rewards", "Visa", "points",
         "Capital One Miles", 95, 1000,
         {{"other", 200}},
         "5x on hotels and rental cars booked through Capital One Travel."},
        {"capital-one-savor", "Capital One", "Savor Cash Rewards", "Mastercard", "cashback",
         "Capital One Rewards", 0, 1000,
         {{"dining", 300}, {"entertainment", 300}, {"streaming", 300}, {"grocery", 300},
          {"other", 100}},
         "Grocery 3% excludes superstores such as Walmart and Target; 8% on Capital One "
         "Entertainment purchases."},
        {"capital-one-quicksilver", "Capital One", "Quicksilver Cash Rewards", "Mastercard",
         "cashback", "Capital One Rewards", 0, 1000,
         {{"other", 150}},
         "5% on hotels and rental cars booked through Capital One Travel."},
        {"citi-double-cash", "Citi", "Double Cash", "Mastercard", "cashback", "Citi ThankYou", 0,
         1000,
         {{"other", 200}},
         "1% when you buy plus 1% as you pay."},
        {"citi-strata-premier", "Citi", "Strata Premier", "Mastercard", "points", "Citi ThankYou",
         95, 1000,
         {{"travel", 300}, {"dining", 300}, {"grocery", 300}, {"gas", 300}, {"other", 100}},
         "Travel 3x applies to air travel and hotels; 10x on hotels, car rentals and attractions "
         "booked through Citi Travel."},
        {"citi-costco-anywhere", "Citi", "Costco Anywhere Visa", "Visa", "cashback",
         "Costco Reward Certificate", 0, 1000,
         {{"gas", 400}, {"dining", 300}, {"travel", 300}, {"retail", 200}, {"other", 100}},
         "Gas 4% on up to $7,000 a year; retail 2% applies at Costco. Requires a Costco "
         "membership."},
        {"discover-it-cash-back", "Discover", "Discover it Cash Back", "Discover", "cashback",
         "Discover Cashback Bonus", 0, 1000,
         {{"other", 100}},
         "5% on quarterly rotating categories after activation (up to $1,500 a quarter)."},
        {"wells-fargo-active-cash", "Wells Fargo", "Active Cash", "Visa", "cashback",
         "Wells Fargo Rewards", 0, 1000,
         {{"other", 200}},
         "Unlimited 2% on purchases."},
        {"wells-fargo-autograph", "Wells Fargo", "Autograph", "Visa", "points", "Wells Fargo Rewards",
         0, 1000,
         {{"dining", 300}, {"travel", 300}, {"gas", 300}, {"streaming", 300}, {"other", 100}},
         "Travel 3x includes transit; also 3x on phone plans."},
        {"bank-of-america-customized-cash-rewards", "Bank of America", "Customized Cash Rewards",
         "Visa", "cashback", "Bank of America Rewards", 0, 1000,
         {{"gas", 300}, {"grocery", 200}, {"other", 100}},
         "3% in a category you choose (gas by default) and 2% at grocery stores and wholesale "
         "clubs, on the first $2,500 of combined quarterly purchases."},
        {"bank-of-america-travel-rewards", "Bank of America", "Travel Rewards", "Visa", "points",
         "Bank of America Rewards", 0, 1000,
         {{"other", 150}},
         "Points redeem at 1 cent each against travel and dining purchases."},
        {"us-bank-altitude-go", "U.S. Bank", "Altitude Go", "Visa", "points", "U.S. Bank Rewards", 0,
         1000,
         {{"dining", 400}, {"grocery", 200}, {"gas", 200}, {"streaming", 200}, {"other", 100}},
         "Dining 4x includes takeout and delivery."},
        {"apple-card", "Goldman Sachs", "Apple Card", "Mastercard", "cashback", "Apple Daily Cash",
         0, 1000,
         {{"other", 200}},
         "2% with Apple Pay, 1% with the physical card, 3% at Apple and select merchants."},
    };
    std::sort(e.begin(), e.end(), [](const auto& a, const auto& b) { return a.card_key < b.card_key; });
    return e;
  }();
  return entries;
}

}  // namespace tally::rewards
