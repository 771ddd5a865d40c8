//! The expected outcome of every route for every actor; see `mod.rs` for the actors, the
//! outcomes and the fixtures. One row per (method, path, fixture); `//` starts a comment.
pub const MATRIX: &str = r#"
// method path                                                                  fixture  anon citizen member lead coord other national
GET    /toegankelijkheid                                                        -        ok        ok        ok        ok        ok        ok        ok
GET    /inloggen                                                                -        ok        ok        ok        ok        ok        ok        ok
POST   /inloggen                                                                -        login     login     login     login     login     login     login
// No OpenID Connect provider is configured here: every provider id is unknown (oidc.rs tests the flow).
GET    /inloggen/oidc/{provider}                                                -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
GET    /inloggen/oidc/{provider}/callback                                       -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
GET    /taal/{lang}                                                             -        ok        ok        ok        ok        ok        ok        ok
GET    /                                                                        -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}                                                     -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/themas                                              -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/themas/nieuw                                        -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/themas/{id}                                         -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/themas/{id}                                         -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/themas/{id}/bewerken                                -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/themas/{id}/verwijderen                             -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/themas/{id}/verwijderen                             del      login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/themas/{id}/verplaatsen                             -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/agenda/versies                                      -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/agenda/versies/{n}                                  -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/agenda/vergelijken                                  -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/agenda/status                                       -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/governance                                          -        login     ok        ok        ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/governance/instellingen                             -        login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/governance/instellingen                             -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/organisaties                                        -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/organisaties                                        -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/organisaties/nieuw                                  -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/organisaties/{id}                                   -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/organisaties/{id}                                   -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/organisaties/{id}/bewerken                          -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/organisaties/{id}/verwijderen                       -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/organisaties/{id}/verwijderen                       del      login     forbidden forbidden forbidden ok        forbidden forbidden
// Any role in a werkplaats is membership (kernel::actor::access): the citizen column equals the
// member's everywhere, including the member list with e-mail addresses. As designed today; whether
// a burger account should see it is a product question (see the report). A national partner has
// no role in zhz: like another werkplaats's coordinator it sees none of a werkplaats's own data
// (people, letters, bodies, governance, members-only items) — only what is public and the
// questions handed to the national side (the lemniscate rows below).
GET    /werkplaatsen/{slug}/mensen                                              -        login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/mensen                                              -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/mensen/nieuw                                        -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/mensen/{id}                                         -        login     ok        ok        ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/mensen/{id}                                         foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
POST   /werkplaatsen/{slug}/mensen/{id}                                         -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/mensen/{id}/bewerken                                -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/mensen/{id}/verwijderen                             -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/mensen/{id}/verwijderen                             del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/intentieovereenkomsten                              -        login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/intentieovereenkomsten                              -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/intentieovereenkomsten/nieuw                        -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/intentieovereenkomsten/{id}                         -        login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/intentieovereenkomsten/{id}                         -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/intentieovereenkomsten/{id}/bewerken                -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/intentieovereenkomsten/{id}/verwijderen             -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/intentieovereenkomsten/{id}/verwijderen             del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/themagroepen                                        -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/themagroepen                                        -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/themagroepen/nieuw                                  -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/themagroepen/{id}                                   -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/themagroepen/{id}                                   -        login     forbidden forbidden invalid   invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/themagroepen/{id}                                   other    login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/themagroepen/{id}                                   move     login     forbidden forbidden forbidden invalid   forbidden forbidden
// Regression: a themaleider could make someone else lead of their group (and so give them its
// projects); only managers choose the lead (core::organisation::groups).
POST   /werkplaatsen/{slug}/themagroepen/{id}                                   handover login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/themagroepen/{id}/bewerken                          -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/themagroepen/{id}/bewerken                          other    login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/themagroepen/{id}/uitnodigen                        -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/themagroepen/{id}/uitnodigen                        other    login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/themagroepen/{id}/verwijderen                       -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/themagroepen/{id}/verwijderen                       del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/projecten                                           -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/projecten                                           -        login     forbidden forbidden invalid   invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/projecten                                           move     login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/projecten/nieuw                                     -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/projecten/{id}                                      -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/projecten/{id}                                      members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /werkplaatsen/{slug}/projecten/{id}                                      other    ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/projecten/{id}                                      -        login     forbidden forbidden invalid   invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/projecten/{id}                                      other    login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/projecten/{id}                                      move     login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/projecten/{id}/bewerken                             -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/projecten/{id}/bewerken                             other    login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/projecten/{id}/verwijderen                          -        login     forbidden forbidden ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/projecten/{id}/verwijderen                          del      login     forbidden forbidden ok        ok        forbidden forbidden
// Without ?van=&naar= plan versions there is nothing to compare: 404 for everyone.
GET    /werkplaatsen/{slug}/projecten/{id}/plan/vergelijken                     -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
GET    /werkplaatsen/{slug}/organen                                             -        login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/organen                                             -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/organen/nieuw                                       -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/organen/{id}                                        -        login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/organen/{id}                                        -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/organen/{id}/bewerken                               -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/organen/{id}/verwijderen                            -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/organen/{id}/verwijderen                            del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/relaties                                            -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/logboek                                             -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/importeren                                          -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/importeren/organisaties                             -        login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/importeren/mensen                                   -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/activiteiten                                        -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/activiteiten                                        -        login     forbidden forbidden invalid   invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/activiteiten/nieuw                                  -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/activiteiten/agenda-link                            -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/activiteiten/agenda-link                            -        login     ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/activiteiten/{id}                                   -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/activiteiten/{id}                                   members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /werkplaatsen/{slug}/activiteiten/{id}                                   foreign  notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /werkplaatsen/{slug}/activiteiten/{id}                                   -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/activiteiten/{id}/bewerken                          -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/activiteiten/{id}/aanmelden                         -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/activiteiten/{id}/aanmelden                         -        invalid   ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/activiteiten/{id}/annuleren                         -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/activiteiten/{id}/annuleren                         del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/activiteiten/{id}/afmelden/{token}                  -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/activiteiten/{id}/afmelden/{token}                  del      ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/activiteiten/{id}/aanmeldingen                      -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/activiteiten/{id}/aanwezigheid                      -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/activiteiten/{id}/aanwezigheid                      -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/activiteiten/{id}/verslag                           -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/activiteiten/{id}/verslag                           -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/activiteiten/{id}/bijlagen                          -        login     forbidden forbidden forbidden invalid   forbidden forbidden
// {file_id} names a file that does not exist (no upload is made): these rows check that
// unauthorised actors are refused before the lookup.
GET    /werkplaatsen/{slug}/activiteiten/{id}/bijlagen/{file_id}                -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /werkplaatsen/{slug}/activiteiten/{id}/bijlagen/{file_id}/verwijderen    -        login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /zoeken                                                                  -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/kennis                                              -        ok        ok        ok        ok        ok        ok        ok
// Members and citizens may contribute knowledge products and stories; a national partner, no member
// of zhz, may not (it brings knowledge back with a move of a question handed to it).
POST   /werkplaatsen/{slug}/kennis                                              -        login     invalid   invalid   invalid   invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/kennis/nieuw                                        -        login     ok        ok        ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/kennis/{id}                                         -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/kennis/{id}                                         members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /werkplaatsen/{slug}/kennis/{id}                                         draft    notfound  notfound  notfound  notfound  ok        notfound  notfound
GET    /werkplaatsen/{slug}/kennis/{id}                                         foreign  notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /werkplaatsen/{slug}/kennis/{id}                                         -        login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/kennis/{id}                                         foreign  notfound  notfound  notfound  notfound  notfound  notfound  notfound
// Anonymous visitors get 403 here, not the sign-in page as elsewhere (also on verwijderen).
GET    /werkplaatsen/{slug}/kennis/{id}/bewerken                                -        forbidden forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/kennis/{id}/bewerken                                draft    notfound  notfound  notfound  notfound  ok        notfound  notfound
GET    /werkplaatsen/{slug}/kennis/{id}/bewerken                                foreign  notfound  notfound  notfound  notfound  notfound  notfound  notfound
// KNOWN: publishing an already published product answers 403 even to a reviewer (the transition
// check returns Forbidden, core::knowledge::products::write); it should be a refused transition.
POST   /werkplaatsen/{slug}/kennis/{id}/status                                  -        login     forbidden forbidden forbidden forbidden forbidden forbidden
POST   /werkplaatsen/{slug}/kennis/{id}/status                                  draft    notfound  notfound  notfound  notfound  ok        notfound  notfound
GET    /werkplaatsen/{slug}/kennis/{id}/verwijderen                             -        forbidden forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/kennis/{id}/verwijderen                             del      login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/kennis/{id}/bestanden                               -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/kennis/{id}/bestanden/{file_id}                     -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /werkplaatsen/{slug}/kennis/{id}/bestanden/{file_id}/verwijderen         -        login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /werkplaatsen/{slug}/praktijkvragen                                      -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/praktijkvragen                                      -        login     forbidden forbidden invalid   invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/praktijkvragen/nieuw                                -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/praktijkvragen/{id}                                 -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/praktijkvragen/{id}                                 members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /werkplaatsen/{slug}/praktijkvragen/{id}                                 national notfound  ok        ok        ok        ok        notfound  ok
POST   /werkplaatsen/{slug}/praktijkvragen/{id}                                 -        login     forbidden forbidden invalid   invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/praktijkvragen/{id}/bewerken                        -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/praktijkvragen/{id}/verwijderen                     -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/praktijkvragen/{id}/verwijderen                     del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/aanpakken                                           -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/aanpakken                                           -        login     forbidden forbidden invalid   invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/aanpakken/nieuw                                     -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/aanpakken/{id}                                      -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/aanpakken/{id}                                      -        login     forbidden forbidden invalid   invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/aanpakken/{id}/bewerken                             -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/aanpakken/{id}/verwijderen                          -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/aanpakken/{id}/verwijderen                          del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /kwesties                                                                -        ok        ok        ok        ok        ok        ok        ok
GET    /kwesties/{id}                                                           -        ok        ok        ok        ok        ok        ok        ok
// Kwesties are installation-wide: the coordinator of any werkplaats may edit them.
POST   /kwesties/{id}                                                           -        login     forbidden forbidden forbidden invalid   invalid   forbidden
GET    /kwesties/{id}/bewerken                                                  -        login     forbidden forbidden forbidden ok        ok        forbidden
GET    /werkplaatsen/{slug}/verhalen                                            -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/verhalen                                            -        login     invalid   invalid   invalid   invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/verhalen/nieuw                                      -        login     ok        ok        ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/verhalen/{id}                                       -        notfound  ok        ok        ok        ok        notfound  notfound
GET    /werkplaatsen/{slug}/verhalen/{id}                                       public   ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/verhalen/{id}                                       -        login     forbidden forbidden forbidden invalid   notfound  notfound
// A story's forms answer 404 to anonymous visitors and other werkplaatsen (the story is hidden).
GET    /werkplaatsen/{slug}/verhalen/{id}/bewerken                              -        notfound  forbidden forbidden forbidden ok        notfound  notfound
GET    /werkplaatsen/{slug}/verhalen/{id}/intrekken                             -        notfound  forbidden forbidden forbidden ok        notfound  notfound
POST   /werkplaatsen/{slug}/verhalen/{id}/intrekken                             del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /account/gegevens                                                        -        login     ok        ok        ok        ok        ok        ok
GET    /account/gegevens.json                                                   -        login     ok        ok        ok        ok        ok        ok
POST   /account/gegevens/verwijderen                                            -        login     invalid   invalid   invalid   invalid   invalid   invalid
GET    /account/gegevens/verwijderd                                             -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/openapi.json                                                     -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/me                                                               -        login     ok        ok        ok        ok        ok        ok
POST   /api/v1/me/calendar-token                                                -        login     ok        ok        ok        ok        ok        ok
GET    /api/v1/calendar/{file}                                                  -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
GET    /api/v1/werkplaatsen                                                     -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/agenda                                       -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/agenda/versions                              -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/agenda/versions/{n}                          -        ok        ok        ok        ok        ok        ok        ok
PUT    /api/v1/werkplaatsen/{slug}/agenda/status                                -        login     forbidden forbidden forbidden ok        forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/agenda/theme-order                           -        login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/agenda/themes                                -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/agenda/themes/{id}                           -        ok        ok        ok        ok        ok        ok        ok
PUT    /api/v1/werkplaatsen/{slug}/agenda/themes/{id}                           -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/agenda/themes/{id}                           del2     login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/agenda/themes/{id}/project-options           -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/agenda/themes/{id}/project-options/{option_id} -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/agenda/themes/{id}/project-options/{option_id} del3     login     forbidden forbidden forbidden ok        forbidden forbidden
// Grants, matching and outcomes (issue 18): financial figures are for the werkplaats's coordinators
// and lectoren only — members, another werkplaats's coordinator and national partners get 403,
// whatever they read or write; a grant of voorbeeld is 404 for zhz's coordinator.
GET    /api/v1/werkplaatsen/{slug}/grants                                       -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/grants                                       -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/grants/{id}                                  -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/grants/{id}                                  foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/grants/{id}                                  -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/grants/{id}                                  del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/grants/{id}/budget-lines                     -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/grants/{id}/budget-lines                     -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/grants/{id}/budget-lines/{line_id}           -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/grants/{id}/budget-lines/{line_id}           del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/grants/{id}/matching                         -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/contributions                                -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/contributions                                -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/contributions/{id}                           -        login     forbidden forbidden forbidden ok        forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/contributions/{id}                           -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/contributions/{id}                           del      login     forbidden forbidden forbidden ok        forbidden forbidden
// The CSV import of contributions: an empty body is not a CSV file with the required columns.
POST   /api/v1/werkplaatsen/{slug}/contributions/import                         -        login     forbidden forbidden forbidden invalid   forbidden forbidden
// Contributions (inzet) and outcomes (resultaten) as pages: coordinators and lectoren only, as the API.
GET    /werkplaatsen/{slug}/inzet                                               -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/inzet/nieuw                                         -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/inzet/nieuw                                         -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/inzet/importeren                                    -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/inzet/importeren                                    -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/inzet/{id}/bewerken                                 -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/inzet/{id}/bewerken                                 -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/inzet/{id}/verwijderen                              -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/inzet/{id}/verwijderen                              del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/resultaten                                          -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/resultaten/nieuw                                    -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/resultaten/nieuw                                    -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/resultaten/{id}/bewerken                            -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/resultaten/{id}/bewerken                            -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/resultaten/{id}/verwijderen                         -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/resultaten/{id}/verwijderen                         del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/outcomes                                     -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/outcomes                                     -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/outcomes/{id}                                -        login     forbidden forbidden forbidden ok        forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/outcomes/{id}                                -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/outcomes/{id}                                del      login     forbidden forbidden forbidden ok        forbidden forbidden
// The report is asked as CSV (a ZIP of its tables) for one year.
GET    /api/v1/werkplaatsen/{slug}/reports/annual                               -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/reports/annual/versions                      -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/reports/annual/versions                      -        login     forbidden forbidden forbidden invalid   forbidden forbidden
// The grants pages: the same people as the API — coordinators and lectoren of the werkplaats only;
// an empty form posted by the coordinator is refused (nothing changes); voorbeeld's grant is 404.
GET    /werkplaatsen/{slug}/subsidies                                           -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/subsidies/nieuw                                     -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/subsidies/nieuw                                     -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/subsidies/{id}                                      -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/subsidies/{id}                                      foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /werkplaatsen/{slug}/subsidies/{id}/bewerken                             -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/subsidies/{id}/bewerken                             -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/subsidies/{id}/verwijderen                          -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/subsidies/{id}/verwijderen                          del3     login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/subsidies/{id}/begrotingsposten                     -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/subsidies/{id}/begrotingsposten/{line_id}           -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/subsidies/{id}/begrotingsposten/{line_id}           -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/subsidies/{id}/begrotingsposten/{line_id}/verwijderen -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/subsidies/{id}/begrotingsposten/{line_id}/verwijderen del4     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/verantwoording                                      -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/verantwoording                                      -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/people                                       -        login     ok        ok        ok        ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/people                                       -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/people/{id}                                  -        login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/people/{id}                                  foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/people/{id}                                  -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/people/{id}                                  foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/people/{id}                                  del2     login     forbidden forbidden forbidden ok        forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/people/{id}                                  foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/organisations                                -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/organisations                                -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/organisations/{id}                           -        ok        ok        ok        ok        ok        ok        ok
PUT    /api/v1/werkplaatsen/{slug}/organisations/{id}                           -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/organisations/{id}                           del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/letters-of-intent                            -        login     ok        ok        ok        ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/letters-of-intent                            -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/letters-of-intent/{id}                       -        login     ok        ok        ok        ok        forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/letters-of-intent/{id}                       -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/letters-of-intent/{id}                       del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/theme-groups                                 -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/theme-groups                                 -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/theme-groups/{id}                            -        ok        ok        ok        ok        ok        ok        ok
PUT    /api/v1/werkplaatsen/{slug}/theme-groups/{id}                            -        login     forbidden forbidden invalid   invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/theme-groups/{id}                            other    login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/theme-groups/{id}                            move     login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/theme-groups/{id}                            handover login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/theme-groups/{id}                            del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/projects                                     -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/projects                                     -        login     forbidden forbidden invalid   invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/projects                                     move     login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/projects/{id}                                -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/projects/{id}                                members  notfound  ok        ok        ok        ok        notfound  notfound
PUT    /api/v1/werkplaatsen/{slug}/projects/{id}                                -        login     forbidden forbidden invalid   invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/projects/{id}                                other    login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/projects/{id}                                move     login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/projects/{id}                                del2     login     forbidden forbidden ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/projects/{id}/plan-versions                  -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/bodies                                       -        login     ok        ok        ok        ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/bodies                                       -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/bodies/{id}                                  -        login     ok        ok        ok        ok        forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/bodies/{id}                                  -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/bodies/{id}                                  del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/governance                                   -        login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/governance/settings                          -        login     ok        ok        ok        ok        forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/governance/settings                          -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/audit-log                                    -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/activities                                   -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/activities                                   -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/activities.ics                               -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/activities/{id}                              -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/activities/{id}                              members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /api/v1/werkplaatsen/{slug}/activities/{id}                              foreign  notfound  notfound  notfound  notfound  notfound  notfound  notfound
PUT    /api/v1/werkplaatsen/{slug}/activities/{id}                              -        login     forbidden forbidden forbidden ok        forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/activities/{id}                              foreign  notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /api/v1/werkplaatsen/{slug}/activities/{id}/cancel                       del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/activities/{id}/registrations                -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/activities/{id}/registrations                -        login     ok        ok        ok        ok        ok        ok
// The cancel token is the right: whoever holds it may cancel, signed in or not.
DELETE /api/v1/werkplaatsen/{slug}/activities/{id}/registrations/{token}        del2     ok        ok        ok        ok        ok        ok        ok
PUT    /api/v1/werkplaatsen/{slug}/activities/{id}/attendance                   -        login     forbidden forbidden forbidden ok        forbidden forbidden
// The upcoming activity has no report yet: 404 for everyone (report rights: PUT below).
GET    /api/v1/werkplaatsen/{slug}/activities/{id}/report                       -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
PUT    /api/v1/werkplaatsen/{slug}/activities/{id}/report                       -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/activities/{id}/report/files                 -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/activities/{id}/report/files/{file_id}       -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
DELETE /api/v1/werkplaatsen/{slug}/activities/{id}/report/files/{file_id}       -        login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/questions                                    -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/questions                                    -        login     forbidden forbidden invalid   invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/questions/{id}                               -        ok        ok        ok        ok        ok        ok        ok
PUT    /api/v1/werkplaatsen/{slug}/questions/{id}                               -        login     forbidden forbidden invalid   invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/questions/{id}                               del2     login     forbidden forbidden forbidden ok        forbidden forbidden
// The lemniscate API (issue 16). Questions are public (`-`) or for members only (`members`); a
// members-only question handed to the national side (`national`) is read by national partners too,
// who move it there. The roles that write questions move them (an empty movement: `invalid`);
// readers who may not move get 403, those who may not read 404; `foreign` is voorbeeld's question.
GET    /api/v1/werkplaatsen/{slug}/questions/{id}                               members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /api/v1/werkplaatsen/{slug}/questions/{id}                               national notfound  ok        ok        ok        ok        notfound  ok
GET    /api/v1/werkplaatsen/{slug}/questions/{id}/path                          -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/questions/{id}/path                          members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /api/v1/werkplaatsen/{slug}/questions/{id}/path                          national notfound  ok        ok        ok        ok        notfound  ok
GET    /api/v1/werkplaatsen/{slug}/questions/{id}/path                          foreign  notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /api/v1/werkplaatsen/{slug}/questions/{id}/moves                         -        login     forbidden forbidden invalid   invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/questions/{id}/moves                         members  login     forbidden forbidden invalid   invalid   notfound  notfound
POST   /api/v1/werkplaatsen/{slug}/questions/{id}/moves                         national login     forbidden forbidden invalid   invalid   notfound  invalid
POST   /api/v1/werkplaatsen/{slug}/questions/{id}/moves                         foreign  login     notfound  notfound  notfound  notfound  notfound  notfound
// Counts, lists and the national agenda: everyone, each counting what they may read.
GET    /api/v1/lemniscate                                                       -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/lemniscate/questions                                             -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/national-agenda                                                  -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/approaches                                   -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/approaches                                   -        login     forbidden forbidden invalid   invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/approaches/{id}                              -        ok        ok        ok        ok        ok        ok        ok
PUT    /api/v1/werkplaatsen/{slug}/approaches/{id}                              -        login     forbidden forbidden invalid   invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/approaches/{id}                              del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/kwesties                                                         -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/kwesties/{id}                                                    -        ok        ok        ok        ok        ok        ok        ok
PUT    /api/v1/kwesties/{id}                                                    -        login     forbidden forbidden forbidden invalid   invalid   forbidden
GET    /api/v1/werkplaatsen/{slug}/stories                                      -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/stories                                      -        login     invalid   invalid   invalid   invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/stories/{id}                                 -        notfound  ok        ok        ok        ok        notfound  notfound
GET    /api/v1/werkplaatsen/{slug}/stories/{id}                                 public   ok        ok        ok        ok        ok        ok        ok
PUT    /api/v1/werkplaatsen/{slug}/stories/{id}                                 -        login     forbidden forbidden forbidden invalid   notfound  notfound
POST   /api/v1/werkplaatsen/{slug}/stories/{id}/withdraw-consent                del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/me/data                                                          -        login     ok        ok        ok        ok        ok        ok
POST   /api/v1/me/erasure                                                       -        login     invalid   invalid   invalid   invalid   invalid   invalid
GET    /api/v1/search                                                           -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/search/related                                                   -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/knowledge-products                           -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/knowledge-products                           -        login     invalid   invalid   invalid   invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/knowledge-products/{id}                      -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/knowledge-products/{id}                      members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /api/v1/werkplaatsen/{slug}/knowledge-products/{id}                      draft    notfound  notfound  notfound  notfound  ok        notfound  notfound
GET    /api/v1/werkplaatsen/{slug}/knowledge-products/{id}                      foreign  notfound  notfound  notfound  notfound  notfound  notfound  notfound
PUT    /api/v1/werkplaatsen/{slug}/knowledge-products/{id}                      -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/knowledge-products/{id}                      draft    notfound  notfound  notfound  notfound  invalid   notfound  notfound
PUT    /api/v1/werkplaatsen/{slug}/knowledge-products/{id}                      foreign  notfound  notfound  notfound  notfound  notfound  notfound  notfound
DELETE /api/v1/werkplaatsen/{slug}/knowledge-products/{id}                      del2     login     forbidden forbidden forbidden ok        forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/knowledge-products/{id}                      foreign  notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /api/v1/werkplaatsen/{slug}/knowledge-products/{id}/status               -        login     forbidden forbidden forbidden forbidden forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/knowledge-products/{id}/status               draft    notfound  notfound  notfound  notfound  forbidden notfound  notfound
POST   /api/v1/werkplaatsen/{slug}/knowledge-products/{id}/files                -        login     forbidden forbidden forbidden invalid   forbidden forbidden
// Accounts (issue 13): members and roles, invitations, self-registration (off in the fixtures).
// The members page and the invitation list are for the coordinator and lectoren; a themaleider
// invites only into a group they lead (the empty body names none: forbidden).
GET    /werkplaatsen/{slug}/leden                                               -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/leden/{account_id}/rollen                           -        login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/leden/{account_id}/rollen                           foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
// The fixture invitations are into the themaleider's group: they handle those as the coordinator does.
POST   /werkplaatsen/{slug}/uitnodigingen                                       -        login     forbidden forbidden invalid   invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/uitnodigingen/{id}/opnieuw                          del3     login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/uitnodigingen/{id}/intrekken                        -        login     forbidden forbidden ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/uitnodigingen/{id}/intrekken                        foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
POST   /werkplaatsen/{slug}/uitnodigingen/{id}/intrekken                        del2     login     forbidden forbidden ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/zelfregistratie                                     -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/registreren                                         -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /werkplaatsen/{slug}/registreren                                         -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
// The link's secret is the right: a secret that is no invitation's is 404 for everyone (the
// signed-out visitor who would accept is asked to sign in first).
GET    /uitnodiging/{token}                                                     -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /uitnodiging/{token}                                                     -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /uitnodiging/{token}/aannemen                                            -        login     notfound  notfound  notfound  notfound  notfound  notfound
GET    /account/bevestigen/{token}                                              -        ok        ok        ok        ok        ok        ok        ok
POST   /account/bevestigen/{token}                                              -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
GET    /api/v1/werkplaatsen/{slug}/members                                      -        login     forbidden forbidden forbidden ok        forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/members/{account_id}/roles                   -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/members/{account_id}/roles                   foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/invitations                                  -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/invitations                                  -        login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/invitations/{id}/resend                      -        login     forbidden forbidden ok        ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/invitations/{id}/resend                      foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/invitations/{id}                             del      login     forbidden forbidden ok        ok        forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/invitations/{id}                             foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
POST   /api/v1/invitations/accept                                               -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
PUT    /api/v1/werkplaatsen/{slug}/self-registration                            -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/accounts                                     -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
// Co-creation API (issue 15): every member of the werkplaats (citizens too; a national partner is
// none, so refused like another werkplaats's coordinator) takes part — reads, pitches, support,
// votes, theme texts, amendments; the coordinator and lectoren manage — phases, clusters,
// reasons, concerns, the concept, answers, adoption; nobody else sees anything. Fixtures
// (fixtures.rs, `cocreation`): `-` a process in pitching with a pitch by the lector, `mine` the
// member's own pitch there, and a process in the phase each row needs (`clustering`,
// `prioritising`, `elaborating` without texts, `amending` with an open amendment), so a write by
// whoever may make it is refused on its content alone (`invalid`): they got past authorisation.
// `foreign` is voorbeeld's process, sent a valid body.
GET    /api/v1/werkplaatsen/{slug}/cocreation                                   -        login     ok        ok        ok        ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation                                   -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}                              -        login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}                              foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}                              -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}                              foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/phase                        -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/phase                        foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/phases/{phase}               -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/phases/{phase}               foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches                      -        login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches                      foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches                      -        login     invalid   invalid   invalid   invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches                      foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}                -        login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}                foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
// Only a pitch's authors and co-pitchers edit it: no actor wrote the lector's pitch; `mine` is the member's.
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}                -        login     forbidden forbidden forbidden forbidden forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}                mine     login     forbidden invalid   forbidden forbidden forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}                foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/support        -        login     invalid   invalid   invalid   invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/support        foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
// Withdrawing support one never gave changes nothing: ok.
DELETE /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/support        -        login     ok        ok        ok        ok        forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/support        foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/reason         -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/reason         foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
// A pitch in no cluster moved to none (`cluster_id: null`) changes nothing: ok for the coordinator.
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/cluster        clustering login     forbidden forbidden forbidden ok        forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/pitches/{pid}/cluster        foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/cluster-suggestions          -        login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/cluster-suggestions          foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/cluster-history              clustering login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/cluster-history              foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters                     clustering login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters                     foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters                     clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters                     foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/merge               clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/merge               foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}               clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}               foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/split         clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/split         foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/reason        clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/reason        foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/texts         elaborating login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/texts         foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/texts         elaborating login     invalid   invalid   invalid   invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/clusters/{cid}/texts         foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/votes                        prioritising login     invalid   invalid   invalid   invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/votes                        foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/results                      prioritising login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/results                      foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/concerns                     -        login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/concerns                     foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/concerns                     -        login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/concerns                     foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/concerns/{kid}               -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/cocreation/{id}/concerns/{kid}               foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/concept                      elaborating login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/concept                      foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/amendments                   amending login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/amendments                   foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/amendments                   amending login     invalid   invalid   invalid   invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/amendments                   foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/amendments/{aid}/answer      amending login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/amendments/{aid}/answer      foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/adopt                        amending login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/cocreation/{id}/adopt                        foreign  login     forbidden forbidden forbidden notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/trace                        amending login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/trace                        foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/report                       amending login     ok        ok        ok        ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/cocreation/{id}/report                       foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
GET    /healthz                                                                 -        ok        ok        ok        ok        ok        ok        ok
GET    /readyz                                                                  -        ok        ok        ok        ok        ok        ok        ok
// /metrics answers only metrics_allow addresses or the metrics_token, whoever is signed in.
GET    /metrics                                                                 -        forbidden forbidden forbidden forbidden forbidden forbidden forbidden
GET    /static/{file}                                                           -        ok        ok        ok        ok        ok        ok        ok
// The OAI-PMH provider (issue 17): every record in it is public, so anyone may harvest; the POST
// (arguments as a form) is a read like the GET.
GET    /oai                                                                     -        ok        ok        ok        ok        ok        ok        ok
POST   /oai                                                                     -        ok        ok        ok        ok        ok        ok        ok
// Your own account (issue 13): everyone signed in, for themselves only; another account's session
// or token id answers 404. Links by email ({token}: a cancel token here) are unknown: 404.
GET    /account                                                                 -        login     ok        ok        ok        ok        ok        ok
GET    /account/wachtwoord                                                      -        login     ok        ok        ok        ok        ok        ok
POST   /account/wachtwoord                                                      -        login     invalid   invalid   invalid   invalid   invalid   invalid
GET    /wachtwoord-vergeten                                                     -        ok        ok        ok        ok        ok        ok        ok
POST   /wachtwoord-vergeten                                                     -        invalid   invalid   invalid   invalid   invalid   invalid   invalid
GET    /wachtwoord-herstellen/{token}                                           -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /wachtwoord-herstellen/{token}                                           -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
GET    /account/email                                                           -        login     ok        ok        ok        ok        ok        ok
POST   /account/email                                                           -        login     invalid   invalid   invalid   invalid   invalid   invalid
GET    /account/email/bevestigen/{token}                                        -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /account/email/bevestigen/{token}                                        -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
GET    /account/sessies                                                         -        login     ok        ok        ok        ok        ok        ok
GET    /account/tokens                                                          -        login     ok        ok        ok        ok        ok        ok
POST   /account/tokens                                                          -        login     invalid   invalid   invalid   invalid   invalid   invalid
GET    /account/tokens/{id}/intrekken                                           -        login     notfound  notfound  notfound  ok        notfound  notfound
GET    /account/tweestaps                                                       -        login     ok        ok        ok        ok        ok        ok
POST   /account/tweestaps/instellen                                             -        login     ok        ok        ok        ok        ok        ok
POST   /account/tweestaps/bevestigen                                            -        login     invalid   invalid   invalid   invalid   invalid   invalid
// Two-step verification is off for every actor: nothing to turn off.
POST   /account/tweestaps/uitzetten                                             -        login     notfound  notfound  notfound  notfound  notfound  notfound
// The second sign-in step without a pending one leads back to signing in.
GET    /inloggen/tweestaps                                                      -        login     login     login     login     login     login     login
POST   /inloggen/tweestaps                                                      -        login     login     login     login     login     login     login
POST   /api/v1/password-reset                                                   -        invalid   invalid   invalid   invalid   invalid   invalid   invalid
POST   /api/v1/password-reset/confirm                                           -        invalid   invalid   invalid   invalid   invalid   invalid   invalid
PUT    /api/v1/me/password                                                      -        login     invalid   invalid   invalid   invalid   invalid   invalid
POST   /api/v1/me/email                                                         -        login     invalid   invalid   invalid   invalid   invalid   invalid
POST   /api/v1/me/email/confirm                                                 -        invalid   invalid   invalid   invalid   invalid   invalid   invalid
GET    /api/v1/me/sessions                                                      -        login     ok        ok        ok        ok        ok        ok
GET    /api/v1/me/tokens                                                        -        login     ok        ok        ok        ok        ok        ok
POST   /api/v1/me/tokens                                                        -        login     invalid   invalid   invalid   invalid   invalid   invalid
POST   /api/v1/me/two-factor                                                    -        login     ok        ok        ok        ok        ok        ok
POST   /api/v1/me/two-factor/confirm                                            -        login     invalid   invalid   invalid   invalid   invalid   invalid
DELETE /api/v1/me/two-factor                                                    -        login     notfound  notfound  notfound  notfound  notfound  notfound
// Deleting a priority of the association (issue 16); destroying rows run in table order, and
// the rows below end the session.
POST   /vereniging/prioriteiten/{id}/verwijderen                                del      login     forbidden forbidden forbidden ok        ok        forbidden
DELETE /api/v1/association/priorities/{id}                                      del2     login     forbidden forbidden forbidden ok        ok        forbidden
// Atom feeds, sitemap and robots.txt (issue 17): public to everyone; the kwestie's feed is
// `/kwesties/{id}.atom`, served by the kwestie's row above.
GET    /kennis.atom                                                             -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/kennis.atom                                         -        ok        ok        ok        ok        ok        ok        ok
GET    /sitemap.xml                                                             -        ok        ok        ok        ok        ok        ok        ok
GET    /robots.txt                                                              -        ok        ok        ok        ok        ok        ok        ok
// Following: every signed-in person follows for themselves; an empty form names nothing. The
// unsubscribe link's token here is no unsubscribe token: 404 for all, signed in or not. The
// follows of `{id}` are the coordinator's: theirs to end, 404 for anyone else.
POST   /volgen                                                                  -        login     invalid   invalid   invalid   invalid   invalid   invalid
POST   /volgen/stoppen                                                          -        login     invalid   invalid   invalid   invalid   invalid   invalid
GET    /volgen/afmelden/{token}                                                 -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
POST   /volgen/afmelden/{token}                                                 -        notfound  notfound  notfound  notfound  notfound  notfound  notfound
GET    /account/volgen                                                          -        login     ok        ok        ok        ok        ok        ok
// "Mijn werkplaats": everyone signed in sees their own overview.
GET    /mijn-werkplaats                                                         -        login     ok        ok        ok        ok        ok        ok
POST   /account/volgen/frequentie                                               -        login     invalid   invalid   invalid   invalid   invalid   invalid
POST   /account/volgen/{id}/stoppen                                             del      login     notfound  notfound  notfound  ok        notfound  notfound
// Education (issue 19): assignments are public when open; offering is for coordinators, lectoren,
// docent-onderzoekers and theme leads; an application is read by its applicant and the assignment's
// managers only (the matrix's application is by none of the actors): 404 for everyone else.
GET    /opdrachten                                                              -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/opdrachten/nieuw                                    -        login     forbidden forbidden ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/opdrachten/nieuw                                    -        login     forbidden forbidden invalid   invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/opdrachten/{id}                                     -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/opdrachten/{id}/solliciteren                        -        login     invalid   invalid   invalid   invalid   invalid   invalid
POST   /werkplaatsen/{slug}/sollicitaties/{id}/besluit                          -        login     notfound  notfound  notfound  invalid   notfound  notfound
GET    /werkplaatsen/{slug}/onderwijs/cijfers                                   -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/assignments                                                      -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/assignments                                  -        login     forbidden forbidden invalid   invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/assignments/{id}                             -        ok        ok        ok        ok        ok        ok        ok
PUT    /api/v1/werkplaatsen/{slug}/assignments/{id}                             -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/assignments/{id}                             del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/assignments/{id}/applications                -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/assignments/{id}/applications                -        login     invalid   invalid   invalid   invalid   invalid   invalid
GET    /api/v1/werkplaatsen/{slug}/applications/{id}                            -        login     notfound  notfound  notfound  ok        notfound  notfound
POST   /api/v1/werkplaatsen/{slug}/applications/{id}/decision                   -        login     notfound  notfound  notfound  invalid   notfound  notfound
GET    /api/v1/werkplaatsen/{slug}/education/figures                            -        login     forbidden forbidden forbidden ok        forbidden forbidden
// Study programmes (issue 19): read by everyone; added and removed by coordinators and lectoren.
GET    /werkplaatsen/{slug}/opleidingen                                         -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/opleidingen                                         -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/opleidingen/{id}/verwijderen                        -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/opleidingen/{id}/verwijderen                        del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/programmes                                   -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/programmes                                   -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/werkplaatsen/{slug}/programmes/{id}                              del      login     forbidden forbidden forbidden ok        forbidden forbidden
// Results (issue 19): only a student whose application was accepted submits one (none of the
// actors is); published results are read by all who read the assignment; the assignment's
// managers review them (the coordinator gets past authorisation; the empty status is refused).
POST   /werkplaatsen/{slug}/opdrachten/{id}/resultaten                          result   login     forbidden forbidden forbidden forbidden forbidden forbidden
POST   /werkplaatsen/{slug}/opdrachten/{id}/resultaten/{product}/beoordeling    result   login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/assignments/{id}/results                     result   ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/assignments/{id}/results                     result   login     forbidden forbidden forbidden forbidden forbidden forbidden
POST   /api/v1/werkplaatsen/{slug}/assignments/{id}/results/{product}/review    result   login     forbidden forbidden forbidden invalid   forbidden forbidden
// Collections (issue 19): reading lists. Built by the roles that write knowledge (the themaleider
// too; another werkplaats's coordinator builds in voorbeeld, so its empty form is `invalid`);
// changed and deleted by the author (the matrix's are the coordinator's) and coordinators and
// lectoren of its werkplaats. A collection for a programme (`members`) is read by zhz's members
// (the citizen too: any role) and students; another werkplaats's coordinator and the national
// partner get 404, as anonymous visitors.
GET    /collecties                                                              -        ok        ok        ok        ok        ok        ok        ok
GET    /collecties/nieuw                                                        -        login     forbidden forbidden ok        ok        ok        forbidden
POST   /collecties/nieuw                                                        -        login     forbidden forbidden invalid   invalid   invalid   forbidden
GET    /collecties/{id}                                                         -        ok        ok        ok        ok        ok        ok        ok
GET    /collecties/{id}                                                         members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /collecties/{id}/bewerken                                                -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /collecties/{id}/bewerken                                                -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /collecties/{id}/verwijderen                                             -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /collecties/{id}/verwijderen                                             del      login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/collections                                                      -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/collections                                                      -        login     forbidden forbidden invalid   invalid   invalid   forbidden
GET    /api/v1/collections/{id}                                                 -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/collections/{id}                                                 members  notfound  ok        ok        ok        ok        notfound  notfound
PUT    /api/v1/collections/{id}                                                 -        login     forbidden forbidden forbidden invalid   forbidden forbidden
DELETE /api/v1/collections/{id}                                                 del2     login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /api/v1/me/follows                                                       -        login     ok        ok        ok        ok        ok        ok
POST   /api/v1/me/follows                                                       -        login     invalid   invalid   invalid   invalid   invalid   invalid
DELETE /api/v1/me/follows/{id}                                                  del2     login     notfound  notfound  notfound  ok        notfound  notfound
PUT    /api/v1/me/digest                                                        -        login     invalid   invalid   invalid   invalid   invalid   invalid
POST   /account/tokens/{id}/intrekken                                           del      login     notfound  notfound  notfound  ok        notfound  notfound
DELETE /api/v1/me/tokens/{id}                                                   del2     login     notfound  notfound  notfound  ok        notfound  notfound
POST   /account/sessies/{id}/uitloggen                                          del      login     notfound  notfound  notfound  ok        notfound  notfound
DELETE /api/v1/me/sessions/{id}                                                 del2     login     notfound  notfound  notfound  ok        notfound  notfound
// Signing out elsewhere keeps this session, so the rows after it still run signed in.
POST   /account/sessies/andere-uitloggen                                        del      login     ok        ok        ok        ok        ok        ok
DELETE /api/v1/me/sessions                                                      del      login     ok        ok        ok        ok        ok        ok
POST   /uitloggen                                                               del      ok        ok        ok        ok        ok        ok        ok
// Co-creation pages (issue 15). Members only, as the co-creation API above and with its fixtures:
// every role of zhz takes part (citizen, member, themaleider alike); the coordinator manages;
// another werkplaats's coordinator and a national partner (no role in zhz) are refused before
// anything is looked up.
// A write by whoever may make it is refused on its content or phase (`invalid`), or is valid empty:
// a plan without dates, a reason cleared, an allocation of no points.
GET    /werkplaatsen/{slug}/cocreatie                                           -        login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie                                           -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}                                      -        login     ok        ok        ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}                                      foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/fase                                 -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/fase                                 -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/bewerken                             -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/bewerken                             -        login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/fasen/{phase}                        -        login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/concept                              elaborating login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/vaststellen                          amending login     forbidden forbidden forbidden ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/vaststellen                          amending login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/pitches                              -        login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/pitches                              -        login     invalid   invalid   invalid   invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/pitches                              foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/pitches/{pid}                        -        login     ok        ok        ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/pitches/{pid}                        foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
// Only its authors change a pitch — not even the coordinator; `mine` is the member's own.
POST   /werkplaatsen/{slug}/cocreatie/{id}/pitches/{pid}                        -        login     forbidden forbidden forbidden forbidden forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/pitches/{pid}                        mine     login     forbidden invalid   forbidden forbidden forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/pitches/{pid}/steun                  -        login     invalid   invalid   invalid   invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/pitches/{pid}/reden                  -        login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/clusters                             clustering login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/clusters                             clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/clusters/overnemen                   clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/clusters/verplaatsen                 clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/clusters/samenvoegen                 clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/clusters/{cid}                       clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/clusters/{cid}/splitsen              clustering login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/clusters/{cid}/reden                 clustering login     forbidden forbidden forbidden ok        forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/clusters/{cid}/uitwerken             elaborating login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/clusters/{cid}/uitwerken             elaborating login     invalid   invalid   invalid   invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/prioriteren                          prioritising login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/prioriteren                          prioritising login     ok        ok        ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/dwarsverbanden                       -        login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/dwarsverbanden                       -        login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/dwarsverbanden/{kid}                 -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/amendementen                         amending login     ok        ok        ok        ok        forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/amendementen                         amending login     invalid   invalid   invalid   invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/cocreatie/{id}/amendementen/{aid}                   amending login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/herkomst                             amending login     ok        ok        ok        ok        forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/herkomst                             foreign  login     notfound  notfound  notfound  notfound  forbidden forbidden
GET    /werkplaatsen/{slug}/cocreatie/{id}/verslag                              amending login     ok        ok        ok        ok        forbidden forbidden
// Knowledge lemniscate pages (issue 16). A question's path is read by whoever may read the
// question (a members-only one: its members, and national partners once it went to the national
// side); moves are recorded by those who write the werkplaats's questions (themaleider,
// coordinator) and, on a question handed to the national side, by national partners. The empty
// form is refused. The views, the lists behind their numbers and the national agenda are public:
// they count only what the visitor may read.
GET    /werkplaatsen/{slug}/praktijkvragen/{id}/pad                             -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/praktijkvragen/{id}/pad                             members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /werkplaatsen/{slug}/praktijkvragen/{id}/pad                             national notfound  ok        ok        ok        ok        notfound  ok
POST   /werkplaatsen/{slug}/praktijkvragen/{id}/pad                             -        login     forbidden forbidden invalid   invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/praktijkvragen/{id}/pad                             national login     forbidden forbidden invalid   invalid   notfound  invalid
GET    /lemniscaat                                                              -        ok        ok        ok        ok        ok        ok        ok
GET    /lemniscaat/vragen                                                       -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/lemniscaat                                          -        ok        ok        ok        ok        ok        ok        ok
GET    /kwesties/{id}/lemniscaat                                                -        ok        ok        ok        ok        ok        ok        ok
GET    /landelijke-agenda                                                       -        ok        ok        ok        ok        ok        ok        ok

// Cross-links (dwarsverbanden, issue 16): everyone reads those of what they may read; the
// coordinator and lectoren of the werkplaats decide (an empty decision is invalid for them).
GET    /werkplaatsen/{slug}/praktijkvragen/{id}/dwarsverbanden                  -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/praktijkvragen/{id}/dwarsverbanden                  -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /werkplaatsen/{slug}/projecten/{id}/dwarsverbanden                       -        ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/projecten/{id}/dwarsverbanden                       members  notfound  ok        ok        ok        ok        notfound  notfound
POST   /werkplaatsen/{slug}/projecten/{id}/dwarsverbanden                       -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/questions/{id}/cross-links                   -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/questions/{id}/cross-links                   -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/werkplaatsen/{slug}/projects/{id}/cross-links                    -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/werkplaatsen/{slug}/projects/{id}/cross-links                    -        login     forbidden forbidden forbidden invalid   forbidden forbidden

// The association (issue 16): everyone reads it; coordinators and lectoren of any werkplaats of
// the association (also `other`, of voorbeeld) keep its priorities; a werkplaats's own link its
// items and set the partners of its projects. `zhz` is a kwestie with a public question of zhz,
// `members` one with only a members-only question (404 for whoever may not read it).
GET    /vereniging                                                              -        ok        ok        ok        ok        ok        ok        ok
POST   /vereniging/prioriteiten                                                 -        login     forbidden forbidden forbidden invalid   invalid   forbidden
POST   /vereniging/prioriteiten/{id}                                            -        login     forbidden forbidden forbidden invalid   invalid   forbidden
GET    /vereniging/prioriteiten/{id}/bewerken                                   -        login     forbidden forbidden forbidden ok        ok        forbidden
GET    /vereniging/prioriteiten/{id}/verwijderen                                -        login     forbidden forbidden forbidden ok        ok        forbidden
GET    /werkplaatsen/{slug}/kwesties/{id}                                       zhz      ok        ok        ok        ok        ok        ok        ok
GET    /werkplaatsen/{slug}/kwesties/{id}                                       members  notfound  ok        ok        ok        ok        notfound  notfound
GET    /werkplaatsen/{slug}/vergelijken                                         -        ok        ok        ok        ok        ok        ok        ok
POST   /werkplaatsen/{slug}/vergelijken/prioriteiten/{id}                       -        login     forbidden forbidden forbidden invalid   forbidden forbidden
POST   /werkplaatsen/{slug}/vergelijken/partnerwerkplaatsen                     -        login     forbidden forbidden forbidden invalid   forbidden forbidden
GET    /api/v1/association                                                      -        ok        ok        ok        ok        ok        ok        ok
POST   /api/v1/association/priorities                                           -        login     forbidden forbidden forbidden invalid   invalid   forbidden
PUT    /api/v1/association/priorities/{id}                                      -        login     forbidden forbidden forbidden invalid   invalid   forbidden
GET    /api/v1/werkplaatsen/{slug}/comparison                                   -        ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/kwesties/{id}                                zhz      ok        ok        ok        ok        ok        ok        ok
GET    /api/v1/werkplaatsen/{slug}/kwesties/{id}                                members  notfound  ok        ok        ok        ok        notfound  notfound
PUT    /api/v1/werkplaatsen/{slug}/priorities/{id}/items                        -        login     forbidden forbidden forbidden invalid   forbidden forbidden
PUT    /api/v1/werkplaatsen/{slug}/projects/{id}/partner-werkplaatsen           -        login     forbidden forbidden forbidden invalid   forbidden forbidden

// The harvester (issue 17): sources belong to the installation; programme coordinators of any
// werkplaats (also `other`) list, add and run them; lectoren, members and national partners not.
GET    /oogsten                                                                 -        login     forbidden forbidden forbidden ok        ok        forbidden
POST   /oogsten                                                                 -        login     forbidden forbidden forbidden invalid   invalid   forbidden
POST   /oogsten/{id}/oogsten                                                    -        login     forbidden forbidden forbidden ok        ok        forbidden
GET    /api/v1/harvest-sources                                                  -        login     forbidden forbidden forbidden ok        ok        forbidden
POST   /api/v1/harvest-sources                                                  -        login     forbidden forbidden forbidden invalid   invalid   forbidden
POST   /api/v1/harvest-sources/{id}/run                                         -        login     forbidden forbidden forbidden ok        ok        forbidden
"#;
