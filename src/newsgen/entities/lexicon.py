"""Hand-written word lists for the built-in extractor: titles, head words, demonyms.

These encode annotation conventions (GUM: museums, airports and buildings are PLACE;
"the" is not part of a name) and general world knowledge, never names from a test set.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


_set = words


# Words that introduce a person's name: "Ambassador Moin ul Haque", "President Zhang".
TITLES = _set(
    """Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady Madam Mister
    President Vice Premier Chancellor Minister Ambassador Envoy Consul Director Senator
    Administrator Emeritus Sen Rep Representative Congressman Congresswoman Assemblyman Assemblywoman Councillor
    Councilman Councilwoman Councilor Governor Gov Mayor Judge Justice General Gen
    Colonel Col Major Maj Captain Capt Lieutenant Lt Sergeant Sgt Corporal Cpl Private Pvt
    Admiral Adm Marshal Commander Cmdr Commodore Sheriff Chairman Chairwoman Chairperson
    Secretary Chief Inspector Detective Officer Constable Superintendent Commissioner
    King Queen Prince Princess Emperor Empress Duke Duchess Count Countess Baron Baroness
    Pope Cardinal Archbishop Bishop Rev Reverend Father Pastor Imam Sheikh Shaikh Rabbi
    Ayatollah Mufti Lama Saint Brother Sister Dean Provost Rector Principal Curator
    Spokesman Spokeswoman Spokesperson Coach Manager Captain CEO CFO COO CTO Chair
    Founder Co-founder Leader Speaker Premier PM MP MEP MPP MLA Ex-PM Attorney Advocate
    Head Deputy Acting Senior Former Executive Assistant Associate Prime Foreign Interior
    Defence Defense Finance Health Education Trade Information Economy Justice Labour
    Labor Agriculture Environment Culture Transport Energy State Federal Regional Mr.
    Mrs. Ms. Dr. Prof. Sen. Rep. Gov. Gen. Col. Capt. Lt. Sgt. Rev. St. Supt. Insp.
    Cmdr. Adm. Maj. Pvt. Cpl. Ald. Hon. Honourable Honorable Excellency Highness Majesty
    Comrade Elder Chef Doctor Nurse Officer Agent Professor Lecturer Researcher Scientist
    Astronaut Analyst Editor Reporter Correspondent Producer Writer Author Artist Actor
    Actress Singer Photographer Architect Lawyer Senior Junior Dr Sheriff Warden Striker
    Midfielder Defender Goalkeeper Pitcher Quarterback Sergeant-at-arms Secretary-General
    Under-Secretary Undersecretary Commissioner-General Director-General"""
)

# Title words that, on their own, do not show that a person follows ("Foreign Ministry",
# "State Department"): a title prefix must contain at least one word outside this set.
TITLE_MODIFIERS = _set(
    """Vice Deputy Acting Senior Former Executive Assistant Associate Prime Foreign Interior
    Defence Defense Finance Health Education Trade Information Economy Justice Labour
    Labor Agriculture Environment Culture Transport Energy State Federal Regional Head
    Junior Chief Saint St. Count Major Private General Brother Sister Father Principal
    Agent Officer Elder Leader Speaker Chair Attorney Advocate Doctor Nurse Writer Author
    Artist Actor Actress Singer Editor Reporter Producer Coach Manager Analyst Scientist"""
)

# Last word of an organization's name.
ORG_HEADS = _set(
    """Ministry Authority Authorities Association Associations University College School
    Schools Academy Party Bank Commission Council Agency Company Co Co. Inc Inc. Corp Corp.
    Corporation Ltd Ltd. LLC Plc PLC GmbH AG SA Group Institute Institution Department Dept
    Dept. Court Police Army Navy Force Forces Guard Guards Corps Office Bureau Board
    Committee Foundation Fund Trust Society Federation Union League Organization
    Organisation Alliance Coalition Club Network Service Services Administration Press
    News Times Post Herald Journal Tribune Gazette Magazine Telegraph Guardian Chronicle
    Daily Weekly Radio Television TV Broadcasting Channel Airlines Airways Motors
    Systems Technologies Technology Industries Holdings Partners Enterprises Labs
    Laboratory Laboratories Church Parliament Congress Senate Assembly Cabinet Government
    Secretariat Directorate Programme Panel Survey Team Orchestra Records Studios Pictures Media Communications
    Brigade Battalion Regiment Division Unit Command Ministries Commission Commissions
    Organisations Organizations Caucus Movement Front Congress Syndicate Cooperative
    Consortium Institutes Federation Conservancy Bureau Tribunal Council Registry
    Inquirer Observer Independent Economist Monitor Bulletin Review Reporter Courier
    Express Mirror Standard Examiner Dispatch Sentinel Register Times-Picaxune Wire
    Agency Exchange Commission Assembly Chamber Seminary Polytechnic Conservatory Hospital
    Clinic Brands Foods Pharmaceuticals Energy Electric Petroleum Oil Mining Steel Bancorp
    Insurance Capital Ventures Electronics Motor Automotive Aerospace Entertainment Games Software Solutions Telecom"""
)

# Last word of a place's name (GUM: buildings, facilities and museums are places).
PLACE_HEADS = _set(
    """Street St Road Rd Avenue Ave Boulevard Blvd Lane Drive Highway Freeway Expressway
    Motorway Bridge Tunnel Airport Airfield Station Port Harbor Harbour Hotel Motel Mosque
    Cathedral Temple Shrine Synagogue Chapel Basilica Abbey Monastery Museum Gallery
    Galleries Planetarium Zoo Park Square Plaza Tower Towers Building Palace Castle Fort
    Stadium Arena Base Camp Prison Jail River Lake Sea Ocean Bay Gulf Island Islands
    Mountain Mountains Mount Mt Valley Desert Forest Canyon Falls Beach Coast Peninsula
    Plains Plain Hills Hill Heights Springs County Province Prefecture Township City Town
    Village Borough Region Territory Territories Oblast Governorate Canton Complex Facility
    Mall Marketplace Quarter Strait Straits Channel Basin Delta Reservoir Dam Glacier
    Reef Cape Peak Volcano Crater Memorial Monument Cemetery Field Fields Gardens Garden
    Pier Wharf Dock Terminal Spaceport Range Wall Gate Circle Crescent Court Way Row
    Parkway Trail Pass Ridge Creek Wood Woods Theatre Theater Opera Hall Auditorium
    Library Pavilion Observatory Lighthouse Estate Farm Ranch Resort Casino Mine Refinery
    Plant Factory Airbase Shipyard Raceway Speedway Colosseum Dome Kremlin Republic
    Kingdom Emirates Coliseum"""
)

# A "Center"/"Centre" is a facility (PLACE) after these words, an organization otherwise
# ("Kennedy Space Center" vs "Beijing Investment Promotion Center").
FACILITY_CENTER_WORDS = _set(
    """Space Science Art Arts Visitor Visitors Convention Shopping Trade Conference
    Community Cultural Culture Sports Exhibition Medical Aquatic Performing Civic Events
    Event Financial Heritage Nature Discovery Learning Student Recreation Rec Rehabilitation
    Detention Distribution Data Transit Town City World Rockefeller Lincoln Kennedy
    Johnson"""
)

# First word of a multi-word place: "Mount Everest", "Cape Canaveral", "Lake Geneva".
PLACE_PREFIXES = _set(
    """Mount Mt Mt. Lake Fort Ft Port Cape Gulf Bay Isle Isla Plains Sea Strait Rio Lac
    Mont San Santa Sao São St St. Saint Sainte Los Las Masjid Jebel Jabal Wadi Ras Bab"""
)
# "X of Y" where X makes the whole a place: "State of Texas", "City of London".
PLACE_OF_HEADS = _set(
    """State City Town Province Republic Kingdom Gulf Bay Sea Isle Island Islands Plains
    Cape Strait Straits Commonwealth Principality Duchy Emirate Sultanate County District
    Port Valley Mount Lake Straits Territory"""
)
# "X of Y" where X makes the whole an organization: "University of Texas".
ORG_OF_HEADS = ORG_HEADS | _set("Friends Sisters Brothers Knights Daughters Sons Order")

# Adjectives of nationality, religion and origin: not entities on their own
# ("Pakistani youth"), but part of a name when a head word follows ("Saudi Interior
# Ministry").
DEMONYMS = _set(
    """Afghan Albanian Algerian American Americans Andorran Angolan Argentine Argentinian
    Armenian Australian Austrian Azerbaijani Bahamian Bahraini Bangladeshi Barbadian
    Belarusian Belgian Belizean Beninese Bhutanese Bolivian Bosnian Botswanan Brazilian
    British Bruneian Bulgarian Burkinabe Burmese Burundian Cambodian Cameroonian Canadian
    Chadian Chilean Chinese Colombian Congolese Croatian Cuban Cypriot Czech Danish
    Djiboutian Dominican Dutch Ecuadorian Egyptian Emirati English Eritrean Estonian
    Ethiopian Fijian Filipino Finnish French Gabonese Gambian Georgian German Ghanaian
    Greek Grenadian Guatemalan Guinean Guyanese Haitian Honduran Hungarian Icelandic
    Indian Indonesian Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese
    Jordanian Kazakh Kazakhstani Kenyan Korean Kosovar Kuwaiti Kyrgyz Lao Laotian Latvian
    Lebanese Liberian Libyan Lithuanian Luxembourgish Macedonian Malagasy Malawian
    Malaysian Maldivian Malian Maltese Mauritanian Mauritian Mexican Moldovan Monegasque
    Mongolian Montenegrin Moroccan Mozambican Namibian Nepalese Nepali Nicaraguan Nigerian
    Nigerien Norwegian Omani Pakistani Palestinian Panamanian Paraguayan Persian Peruvian
    Polish Portuguese Qatari Romanian Russian Rwandan Salvadoran Samoan Saudi Scottish
    Senegalese Serbian  Singaporean Slovak Slovenian Somali Somalian
    Spanish  Sudanese Surinamese Swazi Swedish Swiss Syrian Taiwanese Tajik Tanzanian
    Thai Togolese Tongan Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan Uzbek
    Venezuelan Vietnamese Welsh Yemeni Zambian Zimbabwean Arab Arabic Arabian Asian
    African European  Latino Latina Hispanic Caucasian Nordic Scandinavian Balkan
         Kurdish Kurd Kurds Pashtun Punjabi Sindhi
    Baloch Tamil Sinhalese Bengali Hindi Urdu Uighur Uyghur Tibetan  Maori Aboriginal
    Inuit Hawaiian Texan Californian Floridian Parisian Londoner Muslim Muslims Islamic
    Christian Christians Catholic Catholics Protestant Jewish Jew Jews Hindu Hindus
    Buddhist Buddhists Sikh Sikhs Shia Shiite Sunni Orthodox Evangelical Anglican Lutheran
    Methodist Baptist Mormon Pagan Atheist Communist Socialist Republican Republicans
    Democrat Democrats Democratic Conservative Conservatives Liberal Liberals Labour
    Tory Tories Nazi Nazis Soviet Ottoman Roman Byzantine Victorian Elizabethan Olympic
    Olympics Americans Britons Europeans Africans Asians Arabs Israelis Palestinians
    Pakistanis Indians Chinese Iranians Iraqis Afghans Syrians Russians Germans Canadians
    Australians Mexicans Italians Greeks Turks Kiwi Kiwis Aussie Yankee
          Intl"""
)

# Capitalised words that are never (part of) a name here: calendar words, pronouns,
# sentence openers. Lower-case common words are looked up in the word list instead.
NEVER = _set(
    """I I'm I've I'd I'll A An The This That These Those There Here It Its He She We They
    You Your Our Their His Her My Me Us Him Them Who What When Where Why How Which While
    If But And Or Nor So Yet For Of In On At To By With From As Into After Before During
    Since Until Unless Although Though Because However Meanwhile Also Still Then Thus
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
     June July August September October November December  Feb  Apr Jun Jul Aug
    Sep Sept Oct Nov Dec Mon Tue Tues  Thu Thur Thurs Fri   Today Yesterday
    Tomorrow Christmas Easter Ramadan Eid Diwali Hanukkah Thanksgiving Halloween
    Internet Web God OK Ok Yes No Not Please Thanks Dear Hi Hello AM PM BC AD CE BCE
    UTC GMT EST PST CET Photo Image Video Source Sources Related Read More
    Must Update Updated Comments Share Tweet Click Advertisement Editor's Note Copyright
    Image Images Photo Photos Picture Caption Credit Credits File Archived Published
    Posted Retrieved Accessed Editing Print Email Subscribe I’m I’ve I’d I’ll It’s It's"""
)

# Small words allowed inside a name between capitalised words.
CONNECTORS = _set(
    """of and for the on de del della der den di da das do dos du la le van von ul ur al
    el bin ibn bint ben y e & d' zu und"""
)
# Name particles: inside a person's name ("Moin ul Haque", "Ludwig van Beethoven").
NAME_PARTICLES = _set(
    "ul ur al el bin ibn bint ben de del della der den di da das do dos du la le van von zu y d'"
)

# Well-known organizations whose names carry no head word. General knowledge: big
# international bodies, companies and news media that wire stories name bare.
KNOWN_ORGS = _set(
    """UN U.N. NATO EU E.U. WHO UNESCO UNICEF UNHCR IMF OPEC ASEAN OECD WTO IAEA FIFA UEFA
    IOC NBA NFL NHL MLB NCAA FBI CIA NSA NASA ESA JAXA FAA FDA EPA CDC NIH DHS DOJ DOD
    ICE ATF DEA IRS SEC FCC FTC FEMA USDA NOAA NIST Pentagon Interpol Europol Hamas
    Hezbollah Taliban Al-Qaeda ISIS ISIL Google Alphabet Apple Microsoft Amazon Facebook
    Meta Twitter Instagram WhatsApp YouTube TikTok Snapchat LinkedIn Reddit Wikipedia
    Wikinews Wikimedia Yahoo Netflix Spotify Uber Lyft Airbnb Tesla SpaceX IBM Intel AMD
    Nvidia Oracle Cisco Samsung Sony Huawei Xiaomi Alibaba Tencent Baidu ByteDance
    Toyota Honda Nissan Ford GM Volkswagen BMW Daimler Mercedes-Benz Boeing Airbus
    Lockheed Raytheon Siemens Nokia Ericsson Philips Shell BP Exxon ExxonMobil Chevron
    Gazprom Walmart Starbucks McDonald's Coca-Cola Pepsi PepsiCo Nike Adidas Disney
    Reuters AP AFP APP Xinhua BBC CNN NBC ABC CBS Fox MSNBC NPR PBS CBC CTV Bloomberg
    Al-Jazeera Jazeera Politico Axios Vox BuzzFeed HuffPost Slate Salon Dawn Greenpeace
    Oxfam Amnesty Hezbollah Fatah Likud Kremlin Vatican Mossad KGB FSB MI5 MI6 Scotland
    Yard Interpol Visa Mastercard PayPal eBay Goldman JPMorgan Citigroup Barclays HSBC
    Deloitte KPMG PwC McKinsey Pfizer Moderna AstraZeneca Novartis Bayer Unilever Nestle
    Nestlé IKEA Lego Zara Gucci Prada Rolex Emirates Lufthansa Qantas Ryanair Aeroflot
    Harvard Yale Stanford Princeton MIT Caltech Oxford Cambridge Sorbonne Smithsonian"""
)

# Words that end or join an ORG only after a place: "New Zealand Herald", "Toronto Star".
MEDIA_AFTER_PLACE = _set("Star Sun Globe Mail Post Times News Herald Record Journal Daily")

# Places that collide with a common word or given name but are meant as the place far
# more often in news (used when building the city list).
COMMON_WORD_PLACES_OK = _set(
    """austin phoenix buffalo charlotte jackson lincoln columbus denver orlando florence
    victoria madison savannah raleigh lafayette cleveland hamilton wellington sydney
    kingston houston dallas nashville memphis richmond durham chester camden reading
    sheffield bristol cambridge oxford nice cannes bath canton warren aurora eugene
    tyler vienna paris berlin moscow delhi dublin geneva lyon milan naples venice
    sparta troy athens rome cairo lagos nairobi kabul lahore karachi mecca medina
    chicago boston seattle portland atlanta miami tampa mobile"""
)

# Given names from outside the US census lists: a few hundred common across cultures.
EXTRA_GIVEN_NAMES = """
Ahmed Ahmad Mohamed Mohammed Muhammad Mohammad Mahmoud Mahmud Mustafa Mostafa Omar Umar
Ali Hassan Hasan Hussein Husain Hussain Ibrahim Ismail Khalid Khaled Abdullah Abdul
Abdel Abdel Abu Yusuf Youssef Yousef Karim Kareem Tariq Tarek Walid Waleed Nabil Samir
Sami Rami Fadi Ziad Amir Amin Bilal Hamza Hamid Hamed Imran Irfan Faisal Fahad Fahd Saad
Saeed Said Sultan Salman Suleiman Sulaiman Zayed Rashid Nasser Naser Jamal Kamal Adel
Anwar Ayman Osama Usama Mahmood Moin Moeen Shahid Shahbaz Nawaz Asif Arif Javed Javaid
Pervez Parvez Zulfiqar Benazir Maryam Mariam Fatima Fatma Aisha Ayesha Khadija Zainab
Zeinab Layla Leila Noor Nour Amina Aminah Hana Huda Rania Samira Yasmin Yasmeen Salma
Sana Sara Farah Nadia Hira Asma Saima Sadia Shabnam Malala Nargis Alia Aaliyah Amneh
Sehar Sahar Bushra Rukhsana Nasreen Shirin Shireen Parisa Reza Mehdi Hossein Mahmoud
Hashem Akbar Ruhollah Javad Abbas Jafar Kazem Masoud Massoud Mojtaba Hamid Hasan
Raj Rajesh Rahul Rohit Amit Anil Sunil Vijay Ajay Sanjay Sandeep Suresh Ramesh Mahesh
Ganesh Dinesh Mukesh Rakesh Naveen Narendra Manmohan Atal Arvind Arun Ashok Deepak
Gaurav Harsh Kunal Nikhil Pranav Rahul Ravi Sachin Shyam Vikram Vinod Vivek Yogesh
Priya Pooja Anjali Aishwarya Deepika Kavita Lakshmi Meena Neha Nisha Radha Rekha Sita
Sonia Sunita Indira Sushma Smriti Mamata Jayalalithaa Pratibha Shashi Rajiv Sonia
Xiaodong Xiaoming Xiaoping Zemin Wei Ming Hua Jun Jie
Hong Lei Yan Yang Ying Mei Lin Ling Xin Hui Qiang Tao Bo Gang Feng Jian Jing Li Na
Hiroshi Takashi Kenji Kenta Haruto Yuki Yuko Yoko Akira Satoshi Shinzo Junichiro
Taro Fumio Naoto Yoshihiko Kazuo Makoto Masahiro Ichiro Hideki Keiko Naomi Sakura
Hana Min Seung Hyun Sung Young Soo Ji Eun Kyung Dae Chul
Nguyen Minh Duc Anh Thanh Tuan Hung Dung Linh
Sergey Sergei Vladimir Dmitry Dmitri Alexei Alexey Aleksandr Alexander Andrei Andrey
Mikhail Nikolai Nikolay Ivan Igor Oleg Yuri Yury Boris Viktor Pavel Anatoly Gennady
Leonid Vitaly Vyacheslav Yevgeny Evgeny Konstantin Maxim Maksim Ruslan Arkady
Natalia Natalya Olga Svetlana Tatiana Tatyana Irina Yelena Elena Ekaterina Yekaterina
Anastasia Ludmila Lyudmila Galina Valentina Oksana Yulia Marina Nadezhda Vera
Volodymyr Petro Oleksandr Viktor Yulia Bohdan Taras Mykola Andriy Vitali Wladimir
Jürgen Jurgen Hans Klaus Helmut Gerhard Horst Wolfgang Dieter Manfred Günter Gunter
Uwe Jörg Joerg Angela Ursula Annegret Olaf Frank-Walter Sigmar Heiko Markus Matthias
Sebastian Stefan Steffen Tobias Florian Lukas Jonas Felix Maximilian Moritz
François Francois Jacques Jean Pierre Michel Philippe Emmanuel Nicolas Ségolène Jérôme
Jerome Laurent Olivier Thierry Didier Dominique Benoît Benoit Marine Ségolène Sylvie
Nathalie Isabelle Valérie Valerie Brigitte Élisabeth Elisabeth Cécile Cecile Hélène
Giuseppe Giovanni Giorgio Matteo Mario Luigi Silvio Romano Enrico Sergio Paolo Marco
Francesco Antonio Alessandro Andrea Lorenzo Luca Gianluca Massimo Fabio Beppe Carlo
Felice Giulia Chiara Francesca Federica Alessandra Giorgia Silvia Valentina Laura
José Jose Juan Carlos Luis Jorge Pedro Miguel Javier Alejandro Pablo Manuel Rafael
Fernando Francisco Ricardo Diego Sergio Raúl Raul Andrés Andres Felipe Gustavo
Mariano Pedro Hugo Nicolás Jair Inácio Cristina Michelle Mauricio
Enrique Ernesto Fidel Raúl Álvaro Alvaro Gabriel Gabriela Mariana Lucía Lucia Ana
Sofía Sofia Valeria Camila Daniela Carmen Dolores Pilar Rocío Esperanza Guadalupe
João Joao Paulo António Antonio Rui Nuno Tiago Inês Ines
Lars Anders Sven Nils Erik Olof Magnus Henrik Jens Bjorn Björn Mats Stefan Jonas
Ingrid Astrid Sigrid Greta Karin Birgitta Annika Liv Mette Helle Jacinda Kjell
Jan Piotr Paweł Pawel Krzysztof Andrzej Tomasz Wojciech Jarosław Jaroslaw Lech
 Mateusz Beata Agnieszka Małgorzata Malgorzata Katarzyna
Viktor Janos János Laszlo László Zoltan Zoltán Milos Miloš Vaclav Václav
Recep Tayyip Ahmet Mehmet Mustafa Kemal Ekrem Binali Ergun Emine Ayse Ayşe
Kwame Kofi Kwasi Nana Ama Akosua Yaw Chinedu Chukwu Emeka Olusegun Goodluck Muhammadu
Bola Ngozi Chimamanda Wole Fela Jomo Uhuru Raila Mwai Daniel Nelson Thabo Jacob
Cyril Desmond Winnie Graca Samora Robert Emmerson Paul Yoweri Julius Jakaya Abiy
Haile Meles Omar Moussa Macky Alassane Laurent
Nnamdi Tunde Ade Adebayo Folake Funmilayo Yemi Oluwaseun Kemi Aminu Sani Bukola
Benjamin Benny Yitzhak Shimon Ehud Ariel Naftali Yair Avigdor Moshe Ehud Golda Tzipi
Yossi Avi Eli Uri Noam Gilad Tal Shira Yael Rivka Ruth Esther Miriam Chaim Mordechai
Tenzin Dorje Pema Sonam Lhamo Aung San Thein
Joko Susilo Bambang Megawati Prabowo Jusuf Anwar Najib Mahathir Muhyiddin Lee
 Rodrigo Ferdinand Imelda Gloria Benigno Corazon Thaksin Yingluck
Prayut Kim Park Shinzo
 Yoshihide Fumio Hu Wen Li
Jacinda Kevin Malcolm Julia Tony Anthony Bob Winston Clement Harold
Margaret Theresa Boris Rishi Keir Gordon Nicola Alex Humza Sadiq Zac Jeremy Ed
Justin Stephen Jean-Luc Pierre-Elliott Brian Kim Jagmeet Jacinda
"""

# Family names written first (Chinese, Korean, Vietnamese): "Zhang Xiaodong" is a person.
SURNAME_FIRST = _set(
    """Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao
    Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai
    Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Jin Fu Zhong Dai Cui Fan Qiu Xue
    Hao Kong Bai Tan Shi Qian Mao Xi Lei Hou Long Duan Hao Qin Gu Meng Wen Yin Zou Xiong
    Jia Lai Kang Wan Qi Chang Niu Kim Park Choi Jung Jeong Kang Cho Yoon Jang Lim Han
    Shin Seo Kwon Hwang Ahn Song Yoo Hong Jeon Ko Moon Yang Son Bae Baek Heo Nam Nguyen
    Tran Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly"""
)

# Continents, regions and common short forms that the gazetteers lack.
EXTRA_PLACES = """Africa
Asia
Europe
North America
South America
Latin America
Central America
Middle East
Near East
Far East
East Asia
South Asia
Southeast Asia
Central Asia
West Africa
East Africa
North Africa
Sub-Saharan Africa
Oceania
Antarctica
Arctic
Caribbean
Balkans
Scandinavia
Siberia
Kashmir
Punjab
Gaza
Gaza Strip
West Bank
Golan Heights
Crimea
Donbas
Tibet
Xinjiang
Hong Kong
Macau
Taiwan
Kosovo
Palestine
Kurdistan
Darfur
Sahara
Sahel
Pacific
Atlantic
Mediterranean
Persian Gulf
Pacific Northwest
Midwest
New England
Deep South
Silicon Valley
Wall Street
Westminster
Whitehall
Downing Street
Capitol Hill
White House
US
U.S.
USA
U.S.A.
UK
U.K.
America
Britain
Great Britain
England
Scotland
Wales
Northern Ireland
UAE
DRC
PRC
Holland
Burma
Ivory Coast
Czech Republic
South Korea
North Korea
Russia
Iran
Syria
Vietnam
Laos
Bolivia
Venezuela
Tanzania
Moldova
Macedonia
Swaziland
Vatican City
Washington D.C.
D.C.
Washington, D.C.
New York City
Los Angeles
St. Louis
St Petersburg
St. Petersburg
Bavaria
Saxony
Lower Saxony
Hesse
Thuringia
Brandenburg
North Rhine-Westphalia
Rhineland-Palatinate
Catalonia
Andalusia
Basque Country
Canary Islands
Lombardy
Tuscany
Sicily
Sardinia
Piedmont
Normandy
Brittany
Provence
Corsica
Alsace
Burgundy
Flanders
Wallonia
Bohemia
Moravia
Silesia
Transylvania
Anatolia
Chechnya
Dagestan
Tatarstan
Bengal
West Bengal
Jammu
Ladakh
Inner Mongolia
Manchuria
Mindanao
Luzon
Java
Sumatra
Borneo
Bali
Aceh
Patagonia
Amazon
Yucatan
Cornwall
Yorkshire
Ulster
Galilee
Negev
Sinai
Waziristan
North Waziristan
South Waziristan
Gilgit
Swat
Khyber
Azad Kashmir
Baluchistan
Karakoram
Himalayas
Alps
Andes
Rockies
Sahel
Horn of Africa
Korean Peninsula
Arabian Peninsula
Indian Ocean
Pacific Ocean
Atlantic Ocean
Arctic Ocean
Red Sea
Black Sea
Caspian Sea
South China Sea
East China Sea
Mediterranean Sea
North Sea
Baltic Sea
Gulf of Mexico
English Channel
Strait of Hormuz
Suez Canal
Panama Canal
"""

# Last words of names that are not PERSON, ORG or PLACE: events, laws, programmes,
# products, works ("Space Shuttle Program", "Clean Air Act", "Waitangi Day").
NON_ENTITY_HEADS = _set(
    """Program Programme Project Projects Act Bill Law Laws Code Fair Prize Award Awards
    Day Days Week Month Year War Wars Treaty Accord Accords Agreement Protocol Mission
    Operation Shuttle Festival Games Olympics Cup Championship Championships Tournament
    Summit Expo Election Elections Revolution Crisis Initiative Plan Strategy Policy Index
    Report Study Collection Collections Exhibition Exhibit Series Show Album Film
    Movie Book Novel Medal Trophy Doctrine Declaration Convention Charter Amendment
    Constitution Syndrome Disease Virus Scale Theory Effect Rule Rules Award Class Model
    Edition Version Cycle Era Age Period Reform Reforms Budget Deal Talks Strike Protest
    Massacre Attack Attacks Bombing Earthquake Hurricane Storm Typhoon Cyclone Flood Fire
    Marathon Race Prix Open Conference Forum Dialogue Hashtag Syndrome"""
)
# First words of names of storms and military operations.
NON_ENTITY_PREFIXES = _set("Hurricane Typhoon Cyclone Storm Tropical Operation")
# Words of this kind anywhere make the whole sequence a thing, not a name.
NON_ENTITY_WORDS = _set("Shuttle Rover Spacecraft Satellite Rocket Telescope Spaceship")

# Acronyms that are ordinary vocabulary, not organizations.
NON_ENTITY_ACRONYMS = _set(
    """VIP VIPs POTUS FLOTUS CEO CFO COO CTO TV DNA RNA GDP GNP AIDS HIV IT ICT AI PhD MBA
    OK PR ID IDs USB PC PCs SMS GPS FAQ DIY ASAP ATM ATMs CV RSVP AM PM BC AD UFO UFOs
    PDF HTML URL LGBT LGBTQ COVID SARS MERS CCTV IQ IPO IPOs GMO GMOs NGO NGOs SUV SUVs
    MP MPs MEP MEPs FM AC DC UV LED LCD CD CDs DVD DVDs HD IVF ER ICU BBQ TBA TBD FYI
    VAT PIN STEM ISBN NB PS PPS OP IMO US-based"""
)

# Multi-word organization names without a head word.
KNOWN_ORG_NAMES = frozenset(
    """United Nations
European Union
African Union
Arab League
World Bank
Red Cross
Red Crescent
Human Rights Watch
Amnesty International
Doctors Without Borders
Medecins Sans Frontieres
Friends of the Earth
Al Qaeda
Al Jazeera
Al Shabaab
Boko Haram
Islamic State
Muslim Brotherhood
Scotland Yard
Wall Street Journal
New York Times
Washington Post
Associated Press
Agence France-Presse
Voice of America
Radio Free Europe
Goldman Sachs
Morgan Stanley
Wells Fargo
General Motors
General Electric
Procter & Gamble
Johnson & Johnson
Royal Dutch Shell
British Petroleum
Deutsche Bank
Credit Suisse
Bank of America
Rolling Stone
Supreme Court
High Court
State Department
Home Office
Foreign Office
Planned Parenthood
Black Lives Matter
Hells Angels
Google Earth""".splitlines()
)

# Place heads that are also common surnames: "Marc Lamont Hill" is a person.
PERSONISH_PLACE_HEADS = _set(
    "Hill Hills Park Field Fields Wood Woods Ford Brook Wall Way Hall Gate Row Mount Castle Bridge Lane Temple Church Street"
)

# Heads that take an "on"/"for" complement inside the name: "Council on Foreign Relations".
ORG_ON_HEADS = _set(
    "Council Commission Committee Panel Convention Center Centre Institute Foundation Society Association Alliance Coalition Campaign Fund Office Agency Bureau Centers Centres Party League Union Network Federation"
)
